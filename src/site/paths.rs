//! Every path of the portal: where each page lives in the output folder, the keyed hashes
//! that make personal pages unguessable, and relative links between pages.
//!
//! A [`SitePath`] can only be made here, and only from fixed names, locales the project
//! declares, hex digests and checked asset names, so nothing from the data (a talent id
//! such as `../../x`) ever becomes part of a path. [`SitePath::under`] is the one way to
//! turn a page into a file path.

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;
use std::path::{Path, PathBuf};

/// The environment variable that holds the key of personal page paths.
pub const SECRET_VAR: &str = "TALENTLOOP_SECRET";

/// The key `--demo` uses when no secret is set. It is public, so a demo site's paths are
/// derivable by anyone: demo builds are for sample data only.
pub const DEMO_SECRET: &str = "talentloop demo key: sample data only, never real people";

/// The shortest secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 16;

/// Hex digits of the keyed hash kept in a path (128 bits).
const DIGEST_HEX: usize = 32;

/// A path inside the output folder, relative, `/`-separated, made of safe segments only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SitePath(String);

impl SitePath {
    /// The path as written in the access manifest, e.g. `p/3fa9….html`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file this page is written to under `root`.
    pub fn under(&self, root: &Path) -> PathBuf {
        let mut out = root.to_path_buf();
        for segment in self.0.split('/') {
            out.push(segment);
        }
        out
    }

    /// How deep the page is: the number of folders above it inside the site.
    fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// A relative link from this page to `to`, so the site works from `file://` and from any
    /// base URL.
    pub fn link_to(&self, to: &SitePath) -> String {
        let mut out = "../".repeat(self.depth());
        out.push_str(&to.0);
        out
    }

    // INVARIANT: every constructor below yields segments of `[A-Za-z0-9._-]` that are not
    // `.` or `..`; `checked` enforces it for the few that take a name.
    fn checked(path: String) -> Option<SitePath> {
        let ok = !path.is_empty()
            && path.split('/').all(|s| {
                !s.is_empty()
                    && s != "."
                    && s != ".."
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            });
        ok.then_some(SitePath(path))
    }
}

/// The public pages, one set per locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicPage {
    Index,
    Catalog,
    Rules,
}

impl PublicPage {
    pub const ALL: [PublicPage; 3] = [PublicPage::Index, PublicPage::Catalog, PublicPage::Rules];

    pub fn file(self) -> &'static str {
        match self {
            PublicPage::Index => "index.html",
            PublicPage::Catalog => "catalog.html",
            PublicPage::Rules => "rules.html",
        }
    }
}

/// The pages of the HR section (HR数据): one set per locale, in the `hr/` folder, readable
/// only by the HR audience of the access manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HrPage {
    Index,
    Gaps,
    Talent,
    Pilot,
    Learning,
    Forecast,
    Maturity,
    Dictionary,
}

impl HrPage {
    pub const ALL: [HrPage; 8] = [
        HrPage::Index,
        HrPage::Gaps,
        HrPage::Talent,
        HrPage::Pilot,
        HrPage::Learning,
        HrPage::Forecast,
        HrPage::Maturity,
        HrPage::Dictionary,
    ];

    /// The page's name: its template is `hr_<name>.html`, its message `hr_nav_<name>`.
    pub fn name(self) -> &'static str {
        match self {
            HrPage::Index => "index",
            HrPage::Gaps => "gaps",
            HrPage::Talent => "talent",
            HrPage::Pilot => "pilot",
            HrPage::Learning => "learning",
            HrPage::Forecast => "forecast",
            HrPage::Maturity => "maturity",
            HrPage::Dictionary => "dictionary",
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            HrPage::Index => "hr_index.html",
            HrPage::Gaps => "hr_gaps.html",
            HrPage::Talent => "hr_talent.html",
            HrPage::Pilot => "hr_pilot.html",
            HrPage::Learning => "hr_learning.html",
            HrPage::Forecast => "hr_forecast.html",
            HrPage::Maturity => "hr_maturity.html",
            HrPage::Dictionary => "hr_dictionary.html",
        }
    }
}

/// The folder of the HR section.
pub const HR_FOLDER: &str = "hr";

/// The layout of a site: where public pages, assets and personal pages go.
#[derive(Clone)]
pub struct Layout {
    key: Vec<u8>,
    default_locale: String,
}

/// Why personal page paths cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// No secret and no `--demo`.
    Missing,
    /// A secret shorter than [`MIN_SECRET_LEN`] bytes.
    TooShort(usize),
}

impl Layout {
    /// A layout keyed by `secret`; with `demo` and no secret, by the public demo key.
    pub fn new(secret: Option<&str>, demo: bool, default_locale: &str) -> Result<Self, KeyError> {
        let key = match secret.filter(|s| !s.is_empty()) {
            Some(s) if s.len() < MIN_SECRET_LEN => return Err(KeyError::TooShort(s.len())),
            Some(s) => s.as_bytes().to_vec(),
            None if demo => DEMO_SECRET.as_bytes().to_vec(),
            None => return Err(KeyError::Missing),
        };
        Ok(Layout {
            key,
            default_locale: default_locale.to_owned(),
        })
    }

    /// A public page in a locale: the default locale at the top, others in their folder.
    pub fn public(&self, page: PublicPage, locale: &str) -> SitePath {
        self.localized(locale, page.file())
    }

    fn localized(&self, locale: &str, file: &str) -> SitePath {
        let path = if locale == self.default_locale {
            file.to_owned()
        } else {
            format!("{locale}/{file}")
        };
        // A locale the project declared is always a valid segment (`zh-CN`, `en`); should one
        // not be, its pages go to the top rather than anywhere unexpected.
        SitePath::checked(path).unwrap_or_else(|| SitePath(file.to_owned()))
    }

    /// An asset shipped with the templates, e.g. `style.css`, or `None` for a name that is
    /// not a plain file name.
    pub fn asset(&self, name: &str) -> Option<SitePath> {
        SitePath::checked(format!("assets/{name}")).filter(|p| p.depth() == 1)
    }

    /// The employee page (我的发展) of a talent id.
    pub fn employee(&self, talent_id: &str) -> SitePath {
        SitePath(format!("p/{}.html", self.digest("employee", talent_id)))
    }

    /// The team page of a manager.
    pub fn manager(&self, talent_id: &str) -> SitePath {
        SitePath(format!("m/{}.html", self.digest("manager", talent_id)))
    }

    /// A page of the HR section in a locale: `hr/<digest>.html`, keyed like personal pages
    /// (message: the page's name and the locale), so nobody without the secret can compute
    /// it. The web server lets only the manifest's HR audience read the folder.
    pub fn hr(&self, page: HrPage, locale: &str) -> SitePath {
        let message = format!("{}/{locale}", page.name());
        SitePath(format!("{HR_FOLDER}/{}.html", self.digest("hr", &message)))
    }

    /// HMAC-SHA256 of the page kind and talent id under the key, as hex. The kind is part of
    /// the message, so a person's employee and manager paths cannot be linked to each other.
    fn digest(&self, kind: &str, talent_id: &str) -> String {
        // HMAC accepts keys of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            unreachable!("HMAC takes keys of any length")
        };
        mac.update(b"talentloop/");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(talent_id.as_bytes());
        let bytes = mac.finalize().into_bytes();
        let mut hex = String::with_capacity(DIGEST_HEX);
        for b in bytes.iter().take(DIGEST_HEX / 2) {
            hex.push(char::from(HEX[usize::from(b >> 4)]));
            hex.push(char::from(HEX[usize::from(b & 15)]));
        }
        hex
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout::new(Some("0123456789abcdef-test"), false, "zh-CN").unwrap()
    }

    #[test]
    fn personal_paths_are_hex_digests_whatever_the_id() {
        let l = layout();
        for id in [
            "S1001",
            "../../x",
            "/etc/passwd",
            "a\\b",
            "",
            "\u{0}",
            "名字",
        ] {
            let p = l.employee(id);
            let hash = p.as_str().strip_prefix("p/").unwrap();
            assert_eq!(hash.len(), DIGEST_HEX + ".html".len(), "{id:?}");
            assert!(SitePath::checked(p.as_str().to_owned()).is_some());
            assert!(p.under(Path::new("/out")).starts_with("/out/p"));
        }
        assert_ne!(l.employee("S1001"), l.employee("S1002"));
        assert_ne!(
            l.employee("S1001").as_str()[2..],
            l.manager("S1001").as_str()[2..]
        );
    }

    #[test]
    fn the_key_decides_the_path() {
        let other = Layout::new(Some("another secret of enough length"), false, "en").unwrap();
        assert_ne!(layout().employee("S1001"), other.employee("S1001"));
        assert_eq!(
            Layout::new(None, false, "en").err(),
            Some(KeyError::Missing)
        );
        assert_eq!(
            Layout::new(Some("short"), true, "en").err(),
            Some(KeyError::TooShort(5))
        );
        assert!(Layout::new(None, true, "en").is_ok());
    }

    #[test]
    fn hr_pages_are_keyed_and_apart_from_personal_pages() {
        let l = layout();
        let mut seen = std::collections::BTreeSet::new();
        for page in HrPage::ALL {
            for locale in ["zh-CN", "en"] {
                let p = l.hr(page, locale);
                assert!(p.as_str().starts_with("hr/"), "{p:?}");
                assert_eq!(p.as_str().len(), 3 + DIGEST_HEX + 5);
                assert!(SitePath::checked(p.as_str().to_owned()).is_some());
                assert!(seen.insert(p));
            }
        }
        let other = Layout::new(Some("another secret of enough length"), false, "en").unwrap();
        assert_ne!(l.hr(HrPage::Index, "en"), other.hr(HrPage::Index, "en"));
        assert_eq!(
            l.hr(HrPage::Gaps, "en")
                .link_to(&l.hr(HrPage::Index, "en"))
                .matches('/')
                .count(),
            2
        );
    }

    #[test]
    fn links_are_relative() {
        let l = layout();
        let e = l.employee("S1001");
        let css = l.asset("style.css").unwrap();
        assert_eq!(e.link_to(&css), "../assets/style.css");
        assert_eq!(
            l.public(PublicPage::Index, "zh-CN")
                .link_to(&l.public(PublicPage::Catalog, "en")),
            "en/catalog.html"
        );
        assert!(l.asset("../x.css").is_none());
        assert!(l.asset("a/b.css").is_none());
    }
}
