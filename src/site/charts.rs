//! Chart geometry: the numbers an SVG chart needs (positions, sizes, point lists), computed
//! here so templates only place elements. Every value is a number or a label from the view.
//!
//! The employee page's charts (the profile, the trajectory, the levels' sparklines) are the
//! exception: their marks are drawn here as SVG elements ([`Drawn`], [`Spark::svg`]), each
//! text HTML-escaped, and the template places them inside an `<svg>` it writes itself (size,
//! title, description). There are some ninety marks on each of the 100,000 pages of a
//! large org, and a template loop pays about a microsecond per mark: drawing them in the
//! template was a third of the page's render. Their classes (`bar met`, `required`, `tick`,
//! `dot` ...) are what an org styles in its CSS.

use minijinja::{HtmlEscape, Value};
use serde::Serialize;
use std::fmt::Write;

/// A coordinate in whole pixels: short to write, quick to format, the same on every machine.
fn px(x: f64) -> i32 {
    x.round() as i32
}

/// A text placed on a chart.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub x: i32,
    pub y: i32,
    pub text: String,
}

/// One competency of the profile chart: a bar for the level, a mark for the requirement.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileBar {
    pub y: i32,
    pub text_y: i32,
    pub label: String,
    /// The bar's width; `None` when the level is unknown.
    pub width: Option<i32>,
    pub required_x: i32,
    /// `met`, `gap1`, `gap2` (two or more levels short) or `unknown`.
    pub class: &'static str,
    pub critical: bool,
}

/// The competency profile against the role's requirements, as horizontal bars.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileChart {
    pub width: i32,
    pub height: i32,
    pub plot_x: i32,
    pub bar_height: i32,
    pub axis_y: i32,
    pub ticks: Vec<Label>,
    pub bars: Vec<ProfileBar>,
}

/// One row of the profile: label, level, required level, critical.
pub struct ProfileRow<'a> {
    pub label: &'a str,
    pub level: Option<u8>,
    pub required: u8,
    pub critical: bool,
}

/// A chart ready for a template: its size, and its marks as SVG markup (a safe value, every
/// text in it escaped), one element per line.
#[derive(Debug, Clone, Serialize)]
pub struct Drawn {
    pub width: i32,
    pub height: i32,
    pub marks: Value,
}

impl ProfileChart {
    /// The grid and ticks, then per bar its label, bar and requirement mark.
    pub fn drawn(&self) -> Drawn {
        let mut out = String::with_capacity(200 * (self.ticks.len() + self.bars.len()));
        for t in &self.ticks {
            let (x, y2) = (t.x, self.axis_y);
            let _ = write!(
                out,
                "\n<line class=\"grid\" x1=\"{x}\" y1=\"4\" x2=\"{x}\" y2=\"{y2}\"></line>"
            );
            write_label(&mut out, t, "middle");
        }
        let (x, h) = (self.plot_x, self.bar_height);
        for b in &self.bars {
            let star = if b.critical { " ★" } else { "" };
            let _ = write!(
                out,
                "\n<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}{star}</text>",
                x - 8,
                b.text_y,
                HtmlEscape(&b.label),
            );
            let (class, width) = match b.width {
                Some(w) => (b.class, w),
                None => ("unknown", 4),
            };
            let _ = write!(
                out,
                "\n<rect class=\"bar {class}\" x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"{h}\"></rect>\n<line class=\"required\" x1=\"{rx}\" y1=\"{}\" x2=\"{rx}\" y2=\"{}\"></line>",
                b.y,
                b.y - 3,
                b.y + h + 3,
                rx = b.required_x,
            );
        }
        Drawn {
            width: self.width,
            height: self.height,
            marks: Value::from_safe_string(out),
        }
    }
}

const ROW: f64 = 26.0;
const LABEL_W: f64 = 190.0;
const PLOT_W: f64 = 380.0;

/// Bars on a scale `0..=top`.
pub fn profile(rows: &[ProfileRow], top: u8) -> ProfileChart {
    let top = f64::from(top.max(1));
    let unit = PLOT_W / top;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = 8.0 + ROW * i as f64;
            let class = match r.level {
                None => "unknown",
                Some(l) if l >= r.required => "met",
                Some(l) if r.required - l >= 2 => "gap2",
                Some(_) => "gap1",
            };
            ProfileBar {
                y: px(y),
                text_y: px(y + 13.0),
                label: r.label.to_owned(),
                width: r.level.map(|l| px(f64::from(l) * unit)),
                required_x: px(LABEL_W + f64::from(r.required) * unit),
                class,
                critical: r.critical,
            }
        })
        .collect();
    let axis_y = px(8.0 + ROW * rows.len() as f64 + 4.0);
    ProfileChart {
        width: px(LABEL_W + PLOT_W + 20.0),
        height: axis_y + 18,
        plot_x: px(LABEL_W),
        bar_height: 18,
        axis_y,
        ticks: (0..=top as u32)
            .map(|t| Label {
                x: px(LABEL_W + f64::from(t) * unit),
                y: axis_y + 14,
                text: t.to_string(),
            })
            .collect(),
        bars,
    }
}

/// A point of a small chart.
#[derive(Debug, Clone, Serialize)]
pub struct Dot {
    pub x: i32,
    pub y: i32,
    pub text: String,
}

/// A bar of a small chart.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
    pub text: String,
}

/// A small chart over the cycles: a line (levels, ratings) or bars (hours).
#[derive(Debug, Clone, Serialize)]
pub struct SmallChart {
    pub width: i32,
    pub height: i32,
    /// `x,y x,y ...` of the known values, for a polyline; empty for bar charts.
    pub line: String,
    pub dots: Vec<Dot>,
    pub bars: Vec<Bar>,
    pub x_labels: Vec<Label>,
    pub y_labels: Vec<Label>,
    pub baseline: i32,
}

impl SmallChart {
    /// The axis, the y ticks, the bars or the line and its dots (each with its value), and
    /// the cycles below.
    pub fn drawn(&self) -> Drawn {
        let mut out = String::with_capacity(1024);
        let _ = write!(
            out,
            "\n<line class=\"axis\" x1=\"30\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\"></line>",
            self.width - 8,
            b = self.baseline,
        );
        for l in &self.y_labels {
            write_label(&mut out, l, "end");
        }
        for b in &self.bars {
            let _ = write!(
                out,
                "\n<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"></rect>\n<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                b.x,
                b.y,
                b.width,
                b.height,
                b.x + b.width.div_euclid(2),
                b.y - 3,
                HtmlEscape(&b.text),
            );
        }
        if !self.line.is_empty() {
            let _ = write!(
                out,
                "\n<polyline class=\"line\" points=\"{}\"></polyline>",
                HtmlEscape(&self.line)
            );
        }
        for d in &self.dots {
            let _ = write!(
                out,
                "\n<circle class=\"dot\" cx=\"{x}\" cy=\"{}\" r=\"3.5\"></circle>\n<text class=\"value\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                d.y,
                d.y - 7,
                HtmlEscape(&d.text),
                x = d.x,
            );
        }
        for l in &self.x_labels {
            write_label(&mut out, l, "middle");
        }
        Drawn {
            width: self.width,
            height: self.height,
            marks: Value::from_safe_string(out),
        }
    }
}

/// A tick label. (Writing into a `String` cannot fail: the `fmt::Result`s here are ignored.)
fn write_label(out: &mut String, l: &Label, anchor: &str) {
    let _ = write!(
        out,
        "\n<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
        l.x,
        l.y,
        HtmlEscape(&l.text),
    );
}

const SMALL_W: f64 = 220.0;
const SMALL_H: f64 = 90.0;
const PAD_L: f64 = 34.0;
const PAD_B: f64 = 18.0;
const PAD_T: f64 = 16.0;

fn x_of(i: usize, n: usize) -> f64 {
    let span = SMALL_W - PAD_L - 16.0;
    if n <= 1 {
        PAD_L + span / 2.0
    } else {
        PAD_L + 8.0 + (span - 16.0) * i as f64 / (n - 1) as f64
    }
}

fn y_of(v: f64, lo: f64, hi: f64) -> f64 {
    let span = (hi - lo).max(1e-9);
    SMALL_H - PAD_B - (v - lo) / span * (SMALL_H - PAD_B - PAD_T)
}

/// A line over the cycles on the range `lo..=hi`, with `y_ticks` labelled.
pub fn line(
    values: &[(String, Option<(f64, String)>)],
    lo: f64,
    hi: f64,
    y_ticks: &[(f64, String)],
) -> SmallChart {
    let n = values.len();
    let dots: Vec<Dot> = values
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| {
            let (v, text) = v.as_ref()?;
            Some(Dot {
                x: px(x_of(i, n)),
                y: px(y_of(*v, lo, hi)),
                text: text.clone(),
            })
        })
        .collect();
    SmallChart {
        width: px(SMALL_W),
        height: px(SMALL_H),
        line: dots
            .iter()
            .map(|d| format!("{},{}", d.x, d.y))
            .collect::<Vec<_>>()
            .join(" "),
        dots,
        bars: Vec::new(),
        x_labels: x_labels(values.iter().map(|v| v.0.as_str())),
        y_labels: y_ticks
            .iter()
            .map(|(v, t)| Label {
                x: px(PAD_L - 6.0),
                y: px(y_of(*v, lo, hi) + 4.0),
                text: t.clone(),
            })
            .collect(),
        baseline: px(SMALL_H - PAD_B),
    }
}

/// A word-sized line over the cycles (a sparkline) for a table cell: no axes or labels,
/// the cell beside it has the numbers; the last known value is marked.
#[derive(Debug, Clone, Serialize)]
pub struct Spark {
    pub width: i32,
    pub height: i32,
    /// `x,y x,y ...` of the known values; empty when none is known.
    pub line: String,
    pub last: Option<Point>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

impl Spark {
    /// The sparkline as an `<svg>` (decorative: the cells beside it hold the numbers), or
    /// nothing when no value is known.
    pub fn svg(&self) -> Value {
        let Some(last) = self.last else {
            return Value::from_safe_string(String::new());
        };
        let (w, h) = (self.width, self.height);
        Value::from_safe_string(format!(
            "<svg class=\"spark\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" aria-hidden=\"true\"><polyline class=\"line\" points=\"{}\"></polyline><circle class=\"dot\" cx=\"{}\" cy=\"{}\" r=\"2.5\"></circle></svg>",
            HtmlEscape(&self.line),
            last.x,
            last.y,
        ))
    }
}

const SPARK_W: f64 = 84.0;
const SPARK_H: f64 = 22.0;
const SPARK_PAD: f64 = 4.0;

/// A sparkline of `values` (one per cycle, `None` when unknown) on the range `lo..=hi`.
pub fn spark(values: &[Option<f64>], lo: f64, hi: f64) -> Spark {
    let n = values.len();
    let x = |i: usize| {
        let span = SPARK_W - 2.0 * SPARK_PAD;
        SPARK_PAD
            + if n <= 1 {
                span / 2.0
            } else {
                span * i as f64 / (n - 1) as f64
            }
    };
    let y = |v: f64| {
        let span = (hi - lo).max(1e-9);
        SPARK_H - SPARK_PAD - (v - lo) / span * (SPARK_H - 2.0 * SPARK_PAD)
    };
    let points: Vec<(i32, i32)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((px(x(i)), px(y((*v)?)))))
        .collect();
    Spark {
        width: px(SPARK_W),
        height: px(SPARK_H),
        line: points
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" "),
        last: points.last().map(|&(x, y)| Point { x, y }),
    }
}

/// Bars over the cycles, from zero to the largest value.
pub fn bars(values: &[(String, f64, String)]) -> SmallChart {
    let n = values.len();
    let hi = values.iter().map(|v| v.1).fold(0.0, f64::max).max(1.0);
    let slot = (SMALL_W - PAD_L - 16.0) / n.max(1) as f64;
    let width = (slot * 0.6).min(36.0);
    SmallChart {
        width: px(SMALL_W),
        height: px(SMALL_H),
        line: String::new(),
        dots: Vec::new(),
        bars: values
            .iter()
            .enumerate()
            .map(|(i, (_, v, text))| {
                let top = y_of(v.max(0.0), 0.0, hi);
                Bar {
                    x: px(x_of(i, n) - width / 2.0),
                    y: px(top),
                    width: px(width),
                    height: px(SMALL_H - PAD_B - top),
                    text: text.clone(),
                }
            })
            .collect(),
        x_labels: x_labels(values.iter().map(|v| v.0.as_str())),
        y_labels: Vec::new(),
        baseline: px(SMALL_H - PAD_B),
    }
}

fn x_labels<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Vec<Label> {
    let n = names.len();
    names
        .enumerate()
        .map(|(i, t)| Label {
            x: px(x_of(i, n)),
            y: px(SMALL_H - 4.0),
            text: t.to_owned(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The HR section's charts: heatmaps, the 9-box grid, the maturity quadrant, trend lines.
// A value that k-anonymity suppresses comes in as `None` and leaves no number behind: its
// cell is drawn with the `suppressed` class and no text.

/// A cell of a heatmap chart.
#[derive(Debug, Clone, Serialize)]
pub struct HeatChartCell {
    pub x: i32,
    pub y: i32,
    /// `h0` (lowest) to `h4` (highest), `suppressed` or `empty`.
    pub class: &'static str,
    /// The value as shown; empty when suppressed or empty.
    pub text: String,
}

/// A heatmap: rows × columns of shaded cells.
#[derive(Debug, Clone, Serialize)]
pub struct HeatChart {
    pub width: i32,
    pub height: i32,
    pub cell_width: i32,
    pub cell_height: i32,
    /// Column labels at the top, rotated by the template around (x, y).
    pub columns: Vec<Label>,
    /// Row labels at the left.
    pub rows: Vec<Label>,
    /// Row by row.
    pub cells: Vec<HeatChartCell>,
    /// The text's offset inside a cell.
    pub text_dx: i32,
    pub text_dy: i32,
}

/// What one heatmap cell holds.
#[derive(Debug, Clone)]
pub enum HeatValue {
    /// Not applicable (the row does not require the competency).
    Empty,
    /// Hidden by k-anonymity.
    Suppressed,
    /// A value on `0..=hi` and its text.
    Value(f64, String),
}

const HEAT_LABEL_W: f64 = 170.0;
const HEAT_HEAD_H: f64 = 110.0;
const HEAT_CELL_W: f64 = 44.0;
const HEAT_CELL_H: f64 = 24.0;

/// The shade of `v` on `0..=hi`: five steps, `h0` only for zero.
fn shade(v: f64, hi: f64) -> &'static str {
    if v <= 0.0 || !v.is_finite() {
        return "h0";
    }
    let r = (v / hi.max(1e-9)).min(1.0);
    match r {
        r if r <= 0.25 => "h1",
        r if r <= 0.5 => "h2",
        r if r <= 0.75 => "h3",
        _ => "h4",
    }
}

/// A heatmap with `rows` (label, one value per column) shaded on `0..=hi`.
pub fn heatmap(columns: &[String], rows: &[(String, Vec<HeatValue>)], hi: f64) -> HeatChart {
    let width = HEAT_LABEL_W + HEAT_CELL_W * columns.len() as f64 + 8.0;
    let height = HEAT_HEAD_H + HEAT_CELL_H * rows.len() as f64 + 8.0;
    let mut cells = Vec::with_capacity(rows.len() * columns.len());
    for (r, (_, values)) in rows.iter().enumerate() {
        for (c, v) in values.iter().enumerate().take(columns.len()) {
            let (class, text) = match v {
                HeatValue::Empty => ("empty", String::new()),
                HeatValue::Suppressed => ("suppressed", String::new()),
                HeatValue::Value(x, t) => (shade(*x, hi), t.clone()),
            };
            cells.push(HeatChartCell {
                x: px(HEAT_LABEL_W + HEAT_CELL_W * c as f64),
                y: px(HEAT_HEAD_H + HEAT_CELL_H * r as f64),
                class,
                text,
            });
        }
    }
    HeatChart {
        width: px(width),
        height: px(height),
        cell_width: px(HEAT_CELL_W - 2.0),
        cell_height: px(HEAT_CELL_H - 2.0),
        columns: columns
            .iter()
            .enumerate()
            .map(|(c, t)| Label {
                x: px(HEAT_LABEL_W + HEAT_CELL_W * (c as f64 + 0.5)),
                y: px(HEAT_HEAD_H - 6.0),
                text: t.clone(),
            })
            .collect(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(r, (t, _))| Label {
                x: px(HEAT_LABEL_W - 6.0),
                y: px(HEAT_HEAD_H + HEAT_CELL_H * (r as f64 + 0.5) + 4.0),
                text: t.clone(),
            })
            .collect(),
        cells,
        text_dx: px((HEAT_CELL_W - 2.0) / 2.0),
        text_dy: px((HEAT_CELL_H - 2.0) / 2.0 + 4.0),
    }
}

/// A box of the 9-box grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridBox {
    pub x: i32,
    pub y: i32,
    /// Performance 0 (low) to 2 (high), left to right.
    pub performance: usize,
    /// Potential 0 (low) to 2 (high), bottom to top.
    pub potential: usize,
    /// The count as shown; `None` when suppressed.
    pub text: Option<String>,
    /// `b0` (empty) to `b3` (most people), or `suppressed`.
    pub class: &'static str,
}

/// The 9-box grid (九宫格): performance on x, potential on y.
#[derive(Debug, Clone, Serialize)]
pub struct GridChart {
    pub width: i32,
    pub height: i32,
    pub plot_x: i32,
    pub plot_y: i32,
    pub size: i32,
    pub box_size: i32,
    pub boxes: Vec<GridBox>,
    /// Where the axis titles go.
    pub x_title: (i32, i32),
    pub y_title: (i32, i32),
    /// Low / medium / high under each column and beside each row.
    pub x_ticks: Vec<(i32, i32)>,
    pub y_ticks: Vec<(i32, i32)>,
}

const GRID_BOX: f64 = 96.0;
const GRID_X: f64 = 56.0;
const GRID_Y: f64 = 8.0;

/// The 9-box grid of `counts[performance][potential]` (`None`: suppressed).
pub fn nine_box(counts: &[[Option<(usize, String)>; 3]; 3]) -> GridChart {
    let most = counts
        .iter()
        .flatten()
        .filter_map(|c| c.as_ref().map(|x| x.0))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut boxes = Vec::with_capacity(9);
    for potential in (0..3).rev() {
        for (performance, column) in counts.iter().enumerate() {
            let cell = &column[potential];
            let class = match cell {
                None => "suppressed",
                Some((0, _)) => "b0",
                Some((n, _)) if (*n as f64) <= most / 3.0 => "b1",
                Some((n, _)) if (*n as f64) <= most * 2.0 / 3.0 => "b2",
                Some(_) => "b3",
            };
            boxes.push(GridBox {
                x: px(GRID_X + GRID_BOX * performance as f64),
                y: px(GRID_Y + GRID_BOX * (2 - potential) as f64),
                performance,
                potential,
                text: cell.as_ref().map(|c| c.1.clone()),
                class,
            });
        }
    }
    let size = GRID_BOX * 3.0;
    GridChart {
        width: px(GRID_X + size + 8.0),
        height: px(GRID_Y + size + 44.0),
        plot_x: px(GRID_X),
        plot_y: px(GRID_Y),
        size: px(size),
        box_size: px(GRID_BOX - 4.0),
        boxes,
        x_title: (px(GRID_X + size / 2.0), px(GRID_Y + size + 38.0)),
        y_title: (px(14.0), px(GRID_Y + size / 2.0)),
        x_ticks: (0..3)
            .map(|i| {
                (
                    px(GRID_X + GRID_BOX * (i as f64 + 0.5)),
                    px(GRID_Y + size + 18.0),
                )
            })
            .collect(),
        y_ticks: (0..3)
            .map(|i| {
                (
                    px(GRID_X - 8.0),
                    px(GRID_Y + GRID_BOX * (2.5 - i as f64) + 4.0),
                )
            })
            .collect(),
    }
}

/// A point of the quadrant scatter.
#[derive(Debug, Clone, Serialize)]
pub struct ScatterPoint {
    pub x: i32,
    pub y: i32,
    pub label: String,
    /// `org` or `team`.
    pub kind: &'static str,
    /// Where the label goes.
    pub label_x: i32,
    pub label_y: i32,
}

/// A scatter on `0..=1` × `0..=1`, split into four quadrants at `split`.
#[derive(Debug, Clone, Serialize)]
pub struct QuadrantChart {
    pub width: i32,
    pub height: i32,
    pub plot_x: i32,
    pub plot_y: i32,
    pub size: i32,
    /// The dividing lines.
    pub split_x: i32,
    pub split_y: i32,
    pub points: Vec<ScatterPoint>,
    /// The centres of the four quadrants: low-low, high-low, low-high, high-high (x-y).
    pub quadrants: Vec<(i32, i32)>,
    pub x_title: (i32, i32),
    pub y_title: (i32, i32),
    /// 0 %, 50 %, 100 % on each axis.
    pub x_ticks: Vec<Label>,
    pub y_ticks: Vec<Label>,
}

const QUAD_SIZE: f64 = 300.0;
const QUAD_X: f64 = 56.0;
const QUAD_Y: f64 = 8.0;

/// The maturity quadrant: `points` are (x, y, label, kind) with x and y shares in `0..=1`;
/// `ticks` label 0, the split and 1.
pub fn quadrant(
    points: &[(f64, f64, String, &'static str)],
    split: (f64, f64),
    ticks: [String; 3],
) -> QuadrantChart {
    let at_x = |v: f64| QUAD_X + QUAD_SIZE * v.clamp(0.0, 1.0);
    let at_y = |v: f64| QUAD_Y + QUAD_SIZE * (1.0 - v.clamp(0.0, 1.0));
    let (sx, sy) = (split.0.clamp(0.0, 1.0), split.1.clamp(0.0, 1.0));
    QuadrantChart {
        width: px(QUAD_X + QUAD_SIZE + 130.0),
        height: px(QUAD_Y + QUAD_SIZE + 44.0),
        plot_x: px(QUAD_X),
        plot_y: px(QUAD_Y),
        size: px(QUAD_SIZE),
        split_x: px(at_x(sx)),
        split_y: px(at_y(sy)),
        points: points
            .iter()
            .map(|(x, y, label, kind)| ScatterPoint {
                x: px(at_x(*x)),
                y: px(at_y(*y)),
                label: label.clone(),
                kind,
                label_x: px(at_x(*x) + 8.0),
                label_y: px(at_y(*y) + 4.0),
            })
            .collect(),
        quadrants: [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .iter()
            .map(|(qx, qy): &(f64, f64)| {
                let cx = if *qx > 0.5 {
                    (sx + 1.0) / 2.0
                } else {
                    sx / 2.0
                };
                let cy = if *qy > 0.5 {
                    (sy + 1.0) / 2.0
                } else {
                    sy / 2.0
                };
                (px(at_x(cx)), px(at_y(cy)))
            })
            .collect(),
        x_title: (px(QUAD_X + QUAD_SIZE / 2.0), px(QUAD_Y + QUAD_SIZE + 38.0)),
        y_title: (px(14.0), px(QUAD_Y + QUAD_SIZE / 2.0)),
        x_ticks: [0.0, sx, 1.0]
            .iter()
            .zip(ticks.iter())
            .map(|(v, t)| Label {
                x: px(at_x(*v)),
                y: px(QUAD_Y + QUAD_SIZE + 18.0),
                text: t.clone(),
            })
            .collect(),
        y_ticks: [0.0, sy, 1.0]
            .iter()
            .zip(ticks.iter())
            .map(|(v, t)| Label {
                x: px(QUAD_X - 6.0),
                y: px(at_y(*v) + 4.0),
                text: t.clone(),
            })
            .collect(),
    }
}

/// One line of a trend chart.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    /// `s0` to `s5`, by position.
    pub class: &'static str,
    /// `x,y x,y ...` of the known values.
    pub line: String,
    pub dots: Vec<Dot>,
}

/// One value of a series per cycle: the value and its text, `None` where unknown.
pub type SeriesValues = Vec<Option<(f64, String)>>;

/// Lines over the cycles, one per series (teams and the org).
#[derive(Debug, Clone, Serialize)]
pub struct TrendLines {
    pub width: i32,
    pub height: i32,
    pub plot_x: i32,
    pub baseline: i32,
    pub series: Vec<Series>,
    pub x_labels: Vec<Label>,
    pub y_labels: Vec<Label>,
}

const TREND_W: f64 = 420.0;
const TREND_H: f64 = 160.0;
const TREND_PAD_L: f64 = 48.0;
const SERIES_CLASSES: [&str; 6] = ["s0", "s1", "s2", "s3", "s4", "s5"];

/// Trend lines over `cycles`; each series is (name, one value per cycle: `None` where
/// unknown or suppressed). The range is `lo..=hi`, with `y_ticks` labelled.
pub fn trends(
    cycles: &[String],
    series: &[(String, SeriesValues)],
    lo: f64,
    hi: f64,
    y_ticks: &[(f64, String)],
) -> TrendLines {
    let n = cycles.len();
    let x_at = |i: usize| {
        let span = TREND_W - TREND_PAD_L - 24.0;
        if n <= 1 {
            TREND_PAD_L + span / 2.0
        } else {
            TREND_PAD_L + 24.0 + (span - 48.0) * i as f64 / (n - 1) as f64
        }
    };
    let y_at = |v: f64| {
        let span = (hi - lo).max(1e-9);
        TREND_H - PAD_B - (v.clamp(lo, hi) - lo) / span * (TREND_H - PAD_B - PAD_T)
    };
    TrendLines {
        width: px(TREND_W),
        height: px(TREND_H),
        plot_x: px(TREND_PAD_L),
        baseline: px(TREND_H - PAD_B),
        series: series
            .iter()
            .enumerate()
            .map(|(k, (name, values))| {
                let dots: Vec<Dot> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        let (v, text) = v.as_ref()?;
                        Some(Dot {
                            x: px(x_at(i)),
                            y: px(y_at(*v)),
                            text: text.clone(),
                        })
                    })
                    .collect();
                Series {
                    name: name.clone(),
                    class: SERIES_CLASSES[k % SERIES_CLASSES.len()],
                    line: dots
                        .iter()
                        .map(|d| format!("{},{}", d.x, d.y))
                        .collect::<Vec<_>>()
                        .join(" "),
                    dots,
                }
            })
            .collect(),
        x_labels: cycles
            .iter()
            .enumerate()
            .map(|(i, c)| Label {
                x: px(x_at(i)),
                y: px(TREND_H - 4.0),
                text: c.clone(),
            })
            .collect(),
        y_labels: y_ticks
            .iter()
            .map(|(v, t)| Label {
                x: px(TREND_PAD_L - 6.0),
                y: px(y_at(*v) + 4.0),
                text: t.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_bars_scale_to_the_top_level() {
        let c = profile(
            &[
                ProfileRow {
                    label: "a",
                    level: Some(5),
                    required: 3,
                    critical: true,
                },
                ProfileRow {
                    label: "b",
                    level: None,
                    required: 2,
                    critical: false,
                },
            ],
            5,
        );
        assert_eq!(c.bars[0].width, Some(px(PLOT_W)));
        assert_eq!(c.bars[0].class, "met");
        assert_eq!(c.bars[1].class, "unknown");
        assert_eq!(c.ticks.len(), 6);
    }

    #[test]
    fn drawn_marks_escape_their_texts() {
        let c = profile(
            &[ProfileRow {
                label: "<b>R&D</b>",
                level: None,
                required: 2,
                critical: true,
            }],
            3,
        );
        let marks = c.drawn().marks;
        assert!(marks.is_safe());
        let marks = marks.as_str().unwrap_or_default();
        assert!(
            marks.contains(">&lt;b&gt;R&amp;D&lt;&#x2f;b&gt; ★</text>"),
            "{marks}"
        );
        assert!(marks.contains("<rect class=\"bar unknown\""), "{marks}");
        assert!(!marks.contains("<b>"));
        let dots = line(&[("<i>".into(), Some((1.0, "A&B".into())))], 0.0, 2.0, &[]);
        let marks = dots.drawn().marks;
        let marks = marks.as_str().unwrap_or_default();
        assert!(marks.contains(">A&amp;B</text>") && marks.contains(">&lt;i&gt;</text>"));
    }

    #[test]
    fn a_sparkline_without_values_draws_nothing() {
        assert_eq!(spark(&[None, None], 1.0, 5.0).svg().as_str(), Some(""));
        let drawn = spark(&[Some(1.0), Some(3.0)], 1.0, 5.0).svg();
        assert!(
            drawn
                .as_str()
                .is_some_and(|s| s.starts_with("<svg class=\"spark\""))
        );
    }

    #[test]
    fn a_line_skips_unknown_values() {
        let c = line(
            &[
                ("2025H2".into(), None),
                ("2026H1".into(), Some((3.0, "3".into()))),
            ],
            1.0,
            5.0,
            &[],
        );
        assert_eq!(c.dots.len(), 1);
        assert!(!c.line.contains(' '));
    }

    #[test]
    fn suppressed_heatmap_cells_carry_no_text() {
        let c = heatmap(
            &["a".into(), "b".into()],
            &[
                (
                    "t1".into(),
                    vec![HeatValue::Value(0.5, "50%".into()), HeatValue::Suppressed],
                ),
                (
                    "t2".into(),
                    vec![HeatValue::Empty, HeatValue::Value(0.0, "0%".into())],
                ),
            ],
            1.0,
        );
        assert_eq!(c.cells.len(), 4);
        assert_eq!(c.cells[0].class, "h2");
        assert_eq!(c.cells[1].class, "suppressed");
        assert!(c.cells[1].text.is_empty());
        assert_eq!(c.cells[3].class, "h0");
        assert!(c.cells[2].y > c.cells[0].y);
    }

    #[test]
    fn the_nine_box_puts_high_potential_at_the_top() {
        let mut counts: [[Option<(usize, String)>; 3]; 3] = Default::default();
        counts[2][2] = Some((6, "6".into()));
        counts[0][0] = Some((0, "0".into()));
        let c = nine_box(&counts);
        assert_eq!(c.boxes.len(), 9);
        let top_right = c
            .boxes
            .iter()
            .find(|b| b.performance == 2 && b.potential == 2)
            .unwrap();
        let bottom_left = c
            .boxes
            .iter()
            .find(|b| b.performance == 0 && b.potential == 0)
            .unwrap();
        assert!(top_right.y < bottom_left.y && top_right.x > bottom_left.x);
        assert_eq!(top_right.class, "b3");
        assert_eq!(bottom_left.class, "b0");
        assert_eq!(
            c.boxes.iter().filter(|b| b.class == "suppressed").count(),
            7
        );
    }

    #[test]
    fn quadrant_points_stay_inside_the_plot() {
        let c = quadrant(
            &[
                (1.5, -0.2, "x".into(), "team"),
                (0.5, 0.5, "o".into(), "org"),
            ],
            (0.5, 0.5),
            ["0".into(), "50".into(), "100".into()],
        );
        assert_eq!(c.points[0].x, c.plot_x + c.size);
        assert_eq!(c.points[0].y, c.plot_y + c.size);
        assert_eq!((c.points[1].x, c.points[1].y), (c.split_x, c.split_y));
        assert_eq!(c.quadrants.len(), 4);
    }

    #[test]
    fn trend_lines_skip_unknown_values() {
        let c = trends(
            &["a".into(), "b".into(), "c".into()],
            &[
                (
                    "t".into(),
                    vec![Some((0.2, "20".into())), None, Some((0.4, "40".into()))],
                ),
                ("u".into(), vec![None, None, None]),
            ],
            0.0,
            1.0,
            &[],
        );
        assert_eq!(c.series[0].dots.len(), 2);
        assert!(c.series[1].line.is_empty());
        assert_eq!(c.series[1].class, "s1");
    }
}
