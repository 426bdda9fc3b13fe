//! The development portal (发展门户): a static site of one review cycle with an employee page
//! per plan, a team page per manager, and public catalog, rules and index pages, in the
//! project's locales.
//!
//! - [`paths`]: every output path, including the keyed hashes of personal pages;
//! - [`templates`]: default templates shadowed by the org's, compiled once;
//! - [`view`], [`history`], [`charts`]: what each page shows, in its locale;
//! - [`hr`]: the HR section's views (gaps, 9-box, pilot metrics, learning effect, forecast,
//!   maturity, data dictionary), every group figure under k-anonymity;
//! - [`i18n`]: message catalogs, numbers and dates per locale;
//! - [`output`]: the staging folder, the marker file and the swap into place;
//! - [`serve`]: the local preview server that rebuilds on change.
//!
//! Pages are rendered in parallel and written as they are rendered; org-wide values (the
//! site's settings and message catalogs) are built once and shared by every page as
//! reference-counted template values.

pub mod charts;
pub mod history;
pub mod hr;
pub mod i18n;
pub mod paths;
pub mod serve;
pub mod templates;
pub mod view;

use crate::data::{CycleIdx, Dataset};
use crate::diag::Diagnostic;
use crate::model::OrgModel;
use crate::output;
use crate::plan::Plan;
use crate::rules::Compiled;
use minijinja::value::Value;
use paths::{HrPage, Layout, PublicPage, SitePath};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use templates::Templates;

/// A serialisable value as a template value (maps and lists are reference-counted, so
/// cloning the result is cheap).
pub(crate) fn to_value<T: Serialize>(x: T) -> Value {
    Value::from(minijinja::value::Serde(x))
}

/// What a portal is built from.
pub struct Inputs<'a> {
    pub model: &'a OrgModel,
    pub compiled: &'a Compiled,
    pub dataset: &'a Dataset,
    pub cycle: CycleIdx,
}

/// How a portal is built.
pub struct Options {
    /// The site's folder.
    pub out: PathBuf,
    pub layout: Layout,
    /// Pages say they show sample data.
    pub demo: bool,
    /// Pages reload themselves when the preview server rebuilds.
    pub serve: bool,
    /// Testing only: abort the process after this many pages, as a kill would.
    pub abort_after: Option<usize>,
}

/// Time spent rendering one template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timing {
    pub template: String,
    pub pages: usize,
    pub total: Duration,
    pub max: Duration,
}

/// What a build wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    pub target: PathBuf,
    pub manifest: PathBuf,
    pub employee_pages: usize,
    pub manager_pages: usize,
    pub public_pages: usize,
    /// Pages of the HR section (all locales).
    pub hr_pages: usize,
    pub counts: output::Counts,
    /// Per template, in template-name order.
    pub timings: Vec<Timing>,
    /// The first employee and manager page (by talent id), for demo builds to point at.
    pub first_employee: Option<SitePath>,
    pub first_manager: Option<SitePath>,
    /// The HR section's overview in the default locale.
    pub hr_home: Option<SitePath>,
}

impl Summary {
    pub fn pages(&self) -> usize {
        self.employee_pages + self.manager_pages + self.public_pages + self.hr_pages
    }
}

/// The access manifest's file beside a site folder: `site` → `site.access.json`.
pub fn manifest_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!("{name}.access.json"))
}

/// The access manifest: which talent ids may read each personal page, and the public
/// paths. A web server or SSO proxy enforces it (see docs/ci.md).
#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    version: u32,
    org: &'a str,
    cycle: &'a str,
    demo: bool,
    /// Paths anyone who may read the portal may read.
    public: Vec<String>,
    /// Personal page path to the talent ids allowed to read it.
    pages: BTreeMap<String, Vec<&'a str>>,
    /// Talent id to their own pages, for a "my page" redirect.
    people: BTreeMap<&'a str, Home>,
    /// Pages for a group of readers rather than named people: `hr` is the HR section, for
    /// the people the web server counts as HR (docs/ci.md).
    audiences: BTreeMap<&'static str, Audience>,
}

/// The pages of an audience.
#[derive(Serialize, Default)]
struct Audience {
    /// The folder that holds them, and nothing else.
    folder: &'static str,
    /// The overview per locale.
    home: BTreeMap<String, String>,
    pages: Vec<String>,
}

#[derive(Serialize, Default)]
struct Home {
    employee: Option<String>,
    team: Option<String>,
}

/// Who may read what, as the build collected it.
struct Access<'a> {
    /// Talent id to their manager, of every employee page.
    employees: &'a BTreeMap<String, Option<String>>,
    /// Talent ids of every team page.
    managers: &'a [String],
    public: Vec<String>,
    audiences: BTreeMap<&'static str, Audience>,
}

impl Access<'_> {
    /// The access manifest's text (pretty JSON): each person may read their own page, and
    /// a manager their team's page and their reports' pages.
    fn manifest(self, org: &str, cycle: &str, demo: bool, layout: &paths::Layout) -> String {
        let mut pages: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        let mut homes: BTreeMap<&str, Home> = BTreeMap::new();
        for (talent_id, manager) in self.employees {
            let path = layout.employee(talent_id).as_str().to_owned();
            let mut allowed = vec![talent_id.as_str()];
            if let Some(m) = manager.as_deref().filter(|m| m != talent_id) {
                allowed.push(m);
            }
            homes.entry(talent_id).or_default().employee = Some(path.clone());
            pages.insert(path, allowed);
        }
        for manager in self.managers {
            let path = layout.manager(manager).as_str().to_owned();
            homes.entry(manager).or_default().team = Some(path.clone());
            pages.insert(path, vec![manager]);
        }
        let manifest = Manifest {
            format: "talentloop/access-manifest",
            version: 2,
            org,
            cycle,
            demo,
            public: self.public,
            pages,
            people: homes,
            audiences: self.audiences,
        };
        let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Per-template timings, merged across threads.
#[derive(Default)]
struct Timings(BTreeMap<&'static str, (usize, Duration, Duration)>);

impl Timings {
    fn add(&mut self, template: &'static str, d: Duration) {
        let e = self.0.entry(template).or_default();
        e.0 += 1;
        e.1 += d;
        e.2 = e.2.max(d);
    }

    fn merge(mut self, other: Timings) -> Timings {
        for (k, (n, total, max)) in other.0 {
            let e = self.0.entry(k).or_default();
            e.0 += n;
            e.1 += total;
            e.2 = e.2.max(max);
        }
        self
    }
}

/// Sums the render times of pages rendered in parallel; the first error stops the rest.
fn sum_timings(
    runs: impl ParallelIterator<Item = Result<Duration, Box<Diagnostic>>>,
    template: &'static str,
) -> Result<Timings, Box<Diagnostic>> {
    runs.try_fold(Timings::default, |mut t, spent| {
        t.add(template, spent?);
        Ok(t)
    })
    .try_reduce(Timings::default, |a, b| Ok(a.merge(b)))
}

/// Links every page has, relative to the page.
#[derive(Serialize)]
struct Links {
    css: String,
    reload: Option<String>,
    index: String,
    catalog: String,
    rules: String,
    /// The same page in the other locales (public pages only).
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    locale: String,
    href: String,
}

/// The site-wide values of one locale, shared by every page in it.
#[derive(Serialize)]
struct SiteValues<'a> {
    name: &'a str,
    cycle: &'a str,
    cycle_start: String,
    cycle_end: String,
    demo: bool,
    serve: bool,
}

struct Shared<'a> {
    inputs: &'a Inputs<'a>,
    templates: &'a Templates,
    options: &'a Options,
    /// Per locale: `site` and `m`.
    values: BTreeMap<String, (Value, Value)>,
    css: SitePath,
    reload: Option<SitePath>,
}

impl Shared<'_> {
    fn locale_values(&self, locale: &str) -> (Value, Value) {
        self.values
            .get(locale)
            .or_else(|| self.values.get(&self.inputs.model.default_locale))
            .cloned()
            .unwrap_or_default()
    }

    /// The links every page has, from the page at `from`; `alternate` gives the page's path
    /// in another locale, for pages that exist in every locale.
    fn links(
        &self,
        from: &SitePath,
        locale: &str,
        alternate: Option<&dyn Fn(&str) -> SitePath>,
    ) -> Links {
        let l = &self.options.layout;
        let public = |p: PublicPage| from.link_to(&l.public(p, locale));
        Links {
            css: from.link_to(&self.css),
            reload: self.reload.as_ref().map(|r| from.link_to(r)),
            index: public(PublicPage::Index),
            catalog: public(PublicPage::Catalog),
            rules: public(PublicPage::Rules),
            alternates: alternate
                .map(|path_in| {
                    self.inputs
                        .model
                        .locales
                        .iter()
                        .filter(|x| *x != locale)
                        .map(|x| Alternate {
                            locale: x.clone(),
                            href: from.link_to(&path_in(x)),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Renders the HR section's pages, few but large, each on its own thread; returns the
    /// time each spent in its template.
    fn hr_pages(
        &self,
        writer: &output::Writer,
        views: &[(&String, hr::Hr, HrPage)],
        progress: &(dyn Fn() + Sync),
    ) -> Result<Vec<(HrPage, Duration)>, Box<Diagnostic>> {
        let layout = &self.options.layout;
        views
            .par_iter()
            .map(|&(l, hr, page)| {
                let path = layout.hr(page, l);
                let nav = HrPage::ALL
                    .iter()
                    .map(|p| hr::NavItem {
                        name: p.name(),
                        href: path.link_to(&layout.hr(*p, l)),
                        current: *p == page,
                    })
                    .collect();
                let frame = hr.frame(nav);
                let view = match page {
                    HrPage::Index => to_value(hr::index(hr, frame)),
                    HrPage::Gaps => to_value(hr::gaps(hr, frame)),
                    HrPage::Talent => to_value(hr::talent(hr, frame)),
                    HrPage::Pilot => to_value(hr::pilot(hr, frame)),
                    HrPage::Learning => to_value(hr::learning(hr, frame)),
                    HrPage::Forecast => to_value(hr::forecast(hr, frame)),
                    HrPage::Maturity => to_value(hr::maturity(hr, frame)),
                    HrPage::Dictionary => to_value(hr::dictionary(hr, frame)),
                };
                let links = self.links(&path, l, Some(&|x| layout.hr(page, x)));
                let spent = self.page(writer, page.template(), &path, l, links, view, &|| {
                    format!("the HR page `{}` ({l})", page.name())
                })?;
                progress();
                Ok((page, spent))
            })
            .collect()
    }

    /// Renders one page and hands it to the writer; returns the time spent in the template.
    #[allow(clippy::too_many_arguments)]
    fn page(
        &self,
        writer: &output::Writer,
        template: &'static str,
        path: &SitePath,
        locale: &str,
        links: Links,
        page: Value,
        what: &dyn Fn() -> String,
    ) -> Result<Duration, Box<Diagnostic>> {
        let (site, m) = self.locale_values(locale);
        let ctx = minijinja::context! {
            locale => locale,
            site => site,
            m => m,
            links => to_value(&links),
            page => page,
        };
        let start = Instant::now();
        let html = self
            .templates
            .render(template, ctx)
            .map_err(|e| Box::new(self.templates.diagnostic(&e, &what())))?;
        let spent = start.elapsed();
        writer.send(path.as_str().to_owned(), html.into_bytes())?;
        Ok(spent)
    }
}

/// Builds the portal into `options.out` from the plans of `inputs.cycle` (sorted by talent
/// id) and the HR analytics of every cycle up to it. `progress` is called once per page
/// written. Errors are diagnostics located in the templates (`templates.sources`) or about
/// the output folder; the previous site is then left as it was.
pub fn build(
    inputs: &Inputs,
    plans: &[Plan],
    analytics: &[crate::analytics::Analytics],
    templates: &Templates,
    options: &Options,
    progress: &(dyn Fn() + Sync),
) -> Result<Summary, Box<Diagnostic>> {
    let mut builder = Builder::begin(inputs, templates, options, progress)?;
    let mut by_manager = plans.to_vec();
    by_manager.sort_by(|a, b| {
        (a.manager.as_deref(), &a.talent_id).cmp(&(b.manager.as_deref(), &b.talent_id))
    });
    builder.add(by_manager)?;
    builder.finish(analytics)
}

/// A portal being built from plans that arrive a chunk at a time, so a large org's plans
/// are never all in memory: [`Builder::begin`] writes the assets and public pages,
/// [`Builder::add`] each chunk's employee pages and the team pages of the teams it
/// completes, [`Builder::finish`] the HR section and the access manifest, and puts the site
/// in place.
pub struct Builder<'a> {
    shared: Shared<'a>,
    staging: Arc<output::Staging>,
    writer: output::Writer,
    progress: &'a (dyn Fn() + Sync),
    timings: Timings,
    public: Vec<String>,
    /// Talent id to manager, of every employee page written.
    employees: BTreeMap<String, Option<String>>,
    /// Managers whose team page was written.
    managers: Vec<String>,
    /// The plans (with profiles) of the last team seen, which the next chunk may continue.
    team: Vec<(Plan, view::Person)>,
}

impl<'a> Builder<'a> {
    /// Prepares the staging folder and writes the assets and the public pages.
    pub fn begin(
        inputs: &'a Inputs<'a>,
        templates: &'a Templates,
        options: &'a Options,
        progress: &'a (dyn Fn() + Sync),
    ) -> Result<Builder<'a>, Box<Diagnostic>> {
        let model = inputs.model;
        let staging = Arc::new(output::Staging::begin(
            &output::SITE,
            &options.out,
            options.abort_after,
        )?);
        let layout = &options.layout;
        let css = layout.asset("style.css").ok_or_else(|| {
            Box::new(Diagnostic::new(
                crate::diag::Code::OutputWrite,
                "no stylesheet",
            ))
        })?;
        let reload = if options.serve {
            layout.asset(serve::RELOAD_SCRIPT)
        } else {
            None
        };
        let cycle = inputs.dataset.cycles.get(inputs.cycle);
        let values = model
            .locales
            .iter()
            .map(|l| {
                let site = SiteValues {
                    name: &model.name,
                    cycle: cycle.map_or("", |c| c.id.as_str()),
                    cycle_start: cycle.map(|c| c.start.to_string()).unwrap_or_default(),
                    cycle_end: cycle.map(|c| c.end.to_string()).unwrap_or_default(),
                    demo: options.demo,
                    serve: options.serve,
                };
                (
                    l.clone(),
                    (
                        to_value(&site),
                        templates.messages(l, &model.default_locale),
                    ),
                )
            })
            .collect();
        let shared = Shared {
            inputs,
            templates,
            options,
            values,
            css,
            reload,
        };
        for folder in ["assets", "p", "m", paths::HR_FOLDER] {
            staging.folder(folder)?;
        }
        for l in &model.locales {
            if *l != model.default_locale {
                staging.folder(l)?;
            }
        }
        // Assets.
        let mut public: Vec<String> = Vec::new();
        let mut assets: Vec<(SitePath, Vec<u8>)> = templates
            .assets
            .iter()
            .filter_map(|(name, bytes)| Some((layout.asset(name)?, bytes.clone())))
            .collect();
        if let Some(r) = &shared.reload {
            assets.push((r.clone(), serve::reload_script().into_bytes()));
        }
        for (path, bytes) in &assets {
            staging.write(path.as_str(), bytes)?;
            public.push(path.as_str().to_owned());
        }
        // Pages are rendered on every thread and queue for the writer; a few hundred pages
        // in flight keep it busy in little memory.
        let writer = output::Writer::start(staging.clone(), 512);
        let mut timings = Timings::default();
        // Public pages, in every locale.
        for l in &model.locales {
            for page in PublicPage::ALL {
                let path = layout.public(page, l);
                let view = match page {
                    PublicPage::Index => to_value(view::index(model, inputs.compiled)),
                    PublicPage::Catalog => to_value(view::catalog(model, l)),
                    PublicPage::Rules => to_value(view::rules(model, inputs.compiled, l)),
                };
                let template = page.file();
                let links = shared.links(&path, l, Some(&|x| layout.public(page, x)));
                let spent = shared.page(&writer, template, &path, l, links, view, &|| {
                    format!("`{}`", path.as_str())
                })?;
                timings.add(template, spent);
                public.push(path.as_str().to_owned());
                progress();
            }
        }
        Ok(Builder {
            shared,
            staging,
            writer,
            progress,
            timings,
            public,
            employees: BTreeMap::new(),
            managers: Vec::new(),
            team: Vec::new(),
        })
    }

    /// Writes the employee pages of `plans` and the team pages of the teams they complete.
    /// Plans must come by manager, then talent id (as [`crate::plan::Order::Manager`]
    /// hands them on), so that each team's plans are together.
    pub fn add(&mut self, plans: Vec<Plan>) -> Result<(), Box<Diagnostic>> {
        let shared = &self.shared;
        let inputs = shared.inputs;
        let (model, layout) = (inputs.model, &shared.options.layout);
        let people: Vec<view::Person> = plans
            .par_iter()
            .map(|p| view::person(model, inputs.dataset, p, inputs.cycle))
            .collect();
        let writer = &self.writer;
        let progress = self.progress;
        let employee_runs = plans.par_iter().zip(&people).map(|(plan, person)| {
            let path = layout.employee(&plan.talent_id);
            let page = view::employee(model, inputs.dataset, plan, person, inputs.cycle);
            let links = shared.links(&path, &plan.locale, None);
            let spent = shared.page(
                writer,
                "employee.html",
                &path,
                &plan.locale,
                links,
                to_value(&page),
                &|| format!("the employee page of `{}`", plan.talent_id),
            )?;
            progress();
            Ok(spent)
        });
        let employee_timings = sum_timings(employee_runs, "employee.html")?;
        self.timings = std::mem::take(&mut self.timings).merge(employee_timings);
        for p in &plans {
            self.employees
                .insert(p.talent_id.clone(), p.manager.clone());
        }
        self.team.extend(
            plans
                .into_iter()
                .zip(people)
                .filter(|(p, _)| p.manager.is_some()),
        );
        // Every team but the last one seen is complete.
        let last = self.team.last().and_then(|(p, _)| p.manager.clone());
        let open = self
            .team
            .iter()
            .position(|(p, _)| p.manager == last)
            .unwrap_or(self.team.len());
        let complete: Vec<(Plan, view::Person)> = self.team.drain(..open).collect();
        self.teams(&complete)
    }

    /// Writes the team pages of `reports`, which hold whole teams, by manager.
    fn teams(&mut self, reports: &[(Plan, view::Person)]) -> Result<(), Box<Diagnostic>> {
        let mut teams: Vec<(&str, &[(Plan, view::Person)])> = Vec::new();
        for group in reports.chunk_by(|a, b| a.0.manager == b.0.manager) {
            if let Some(m) = group[0].0.manager.as_deref() {
                teams.push((m, group));
            }
        }
        let shared = &self.shared;
        let inputs = shared.inputs;
        let (model, layout) = (inputs.model, &shared.options.layout);
        let writer = &self.writer;
        let progress = self.progress;
        let manager_runs = teams.par_iter().map(|(manager, reports)| {
            let path = layout.manager(manager);
            let person = inputs
                .dataset
                .find(manager)
                .map(|p| inputs.dataset.person(p));
            let name = person.and_then(|p| p.name.as_deref()).unwrap_or(manager);
            let locale = person
                .and_then(|p| p.locale.as_deref())
                .filter(|l| model.locales.iter().any(|x| x == l))
                .unwrap_or(&model.default_locale);
            let rows: Vec<(&Plan, &view::Person, String)> = reports
                .iter()
                .map(|(plan, person)| {
                    (
                        plan,
                        person,
                        path.link_to(&layout.employee(&plan.talent_id)),
                    )
                })
                .collect();
            let page = view::manager(model, name, locale, &rows);
            let links = shared.links(&path, locale, None);
            let spent = shared.page(
                writer,
                "manager.html",
                &path,
                locale,
                links,
                to_value(&page),
                &|| format!("the team page of `{manager}`"),
            )?;
            progress();
            Ok(spent)
        });
        let manager_timings = sum_timings(manager_runs, "manager.html")?;
        self.timings = std::mem::take(&mut self.timings).merge(manager_timings);
        self.managers
            .extend(teams.iter().map(|(m, _)| (*m).to_owned()));
        Ok(())
    }

    /// Writes the last team's page, the HR section from `analytics` (every cycle up to the
    /// portal's, oldest first; empty: no HR section) and the access manifest, and puts the
    /// site in place of the previous one.
    pub fn finish(
        mut self,
        analytics: &[crate::analytics::Analytics],
    ) -> Result<Summary, Box<Diagnostic>> {
        let last = std::mem::take(&mut self.team);
        self.teams(&last)?;
        drop(last);
        let Builder {
            shared,
            staging,
            writer,
            progress,
            mut timings,
            mut public,
            employees,
            mut managers,
            ..
        } = self;
        managers.sort();
        let inputs = shared.inputs;
        let model = inputs.model;
        let options = shared.options;
        let layout = &options.layout;
        let cycle = inputs.dataset.cycles.get(inputs.cycle);
        // The HR section, in every locale.
        let mut hr_views: Vec<(&String, hr::Hr, HrPage)> = Vec::new();
        for l in &model.locales {
            let Some(hr) = hr::Hr::new(model, inputs.dataset, analytics, l) else {
                break;
            };
            hr_views.extend(HrPage::ALL.iter().map(|page| (l, hr, *page)));
        }
        let mut hr_audience = Audience {
            folder: paths::HR_FOLDER,
            ..Audience::default()
        };
        for &(l, _, page) in &hr_views {
            let path = layout.hr(page, l);
            if page == HrPage::Index {
                hr_audience.home.insert(l.clone(), path.as_str().to_owned());
            }
            hr_audience.pages.push(path.as_str().to_owned());
        }
        hr_audience.pages.sort();
        let hr_pages = hr_audience.pages.len();
        let hr_home = (hr_pages > 0).then(|| layout.hr(HrPage::Index, &model.default_locale));
        let mut audiences = BTreeMap::new();
        if hr_pages > 0 {
            audiences.insert("hr", hr_audience);
        }
        public.sort();
        let access = Access {
            employees: &employees,
            managers: &managers,
            public,
            audiences,
        };
        // The access manifest (a hundred thousand paths, each a keyed hash) is made beside
        // the HR pages.
        let render_hr = || shared.hr_pages(&writer, &hr_views, progress);
        let cycle_id = cycle.map_or("", |c| c.id.as_str());
        let (rendered, manifest_text) = rayon::join(render_hr, || {
            access.manifest(&model.name, cycle_id, options.demo, layout)
        });
        for (page, spent) in rendered? {
            timings.add(page.template(), spent);
        }
        let public_pages = model.locales.len() * PublicPage::ALL.len();
        let first_employee = employees.keys().next().map(|id| layout.employee(id));
        let first_manager = managers.first().map(|m| layout.manager(m));
        writer.finish()?;
        let staging = output::into_staging(staging)?;
        let manifest_file = manifest_path(staging.target());
        let target = staging.target().to_path_buf();
        let counts = staging.commit(&[(manifest_file.clone(), manifest_text.into_bytes())])?;
        Ok(Summary {
            target,
            manifest: manifest_file,
            employee_pages: employees.len(),
            manager_pages: managers.len(),
            public_pages,
            hr_pages,
            counts,
            timings: timings
                .0
                .into_iter()
                .map(|(t, (pages, total, max))| Timing {
                    template: t.to_owned(),
                    pages,
                    total,
                    max,
                })
                .collect(),
            first_employee,
            first_manager,
            hr_home,
        })
    }
}
