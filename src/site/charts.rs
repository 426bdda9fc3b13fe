//! Chart geometry: the numbers an SVG chart needs (positions, sizes, point lists), computed
//! here so templates only place elements. Every value is a number or a label from the view;
//! nothing here is markup.

use serde::Serialize;

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
}
