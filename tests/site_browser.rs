//! End to end in a real browser: the Chinese sample's portal opened in headless Chromium
//! (Debian's `chromium`, installed with apt-get when missing), with visible text checked,
//! screenshots taken (`target/site-e2e/screenshots/`) and axe-core (from npm) run in the
//! page: no serious or critical accessibility violation.
//!
//! Nothing is downloaded but Debian and npm packages. Without them (offline, not root, no
//! apt-get or npm) the test says why and skips.

mod site_common;

use site_common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// npm packages, pinned.
const PACKAGES: [&str; 2] = ["playwright-core@1.65.1", "axe-core@4.14.1"];

fn skip(why: &str) {
    eprintln!("skipping the browser test: {why}");
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn run_ok(cmd: &mut Command) -> bool {
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Debian's Chromium, installed (with CJK fonts, for the screenshots) when missing.
fn chromium() -> Result<PathBuf, String> {
    let find = || which("chromium").or_else(|| which("chromium-browser"));
    if let Some(p) = find() {
        return Ok(p);
    }
    if which("apt-get").is_none() {
        return Err("no `chromium` and no apt-get to install it".into());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if !root {
        return Err("no `chromium`, and installing it needs root".into());
    }
    let install = |pkgs: &[&str]| {
        run_ok(
            Command::new("apt-get")
                .args(["install", "-y", "-q", "--no-install-recommends"])
                .args(pkgs)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    if !install(&["chromium"]) {
        run_ok(Command::new("apt-get").args(["update", "-q"]));
        if !install(&["chromium"]) {
            return Err("`apt-get install chromium` failed (offline?)".into());
        }
    }
    install(&["fonts-noto-cjk"]);
    find().ok_or_else(|| "chromium was installed but is not on PATH".into())
}

/// playwright-core and axe-core in `target/site-e2e/node`, installed with npm when missing.
fn node_packages(dir: &Path) -> Result<(), String> {
    let have = |p: &str| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
    };
    if have("playwright-core") && have("axe-core") {
        return Ok(());
    }
    if which("node").is_none() || which("npm").is_none() {
        return Err("node and npm are needed for playwright-core and axe-core".into());
    }
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let ok = run_ok(
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--loglevel=error",
            ])
            .args(PACKAGES)
            .current_dir(dir),
    );
    if ok && have("playwright-core") && have("axe-core") {
        Ok(())
    } else {
        Err("`npm install playwright-core axe-core` failed (offline?)".into())
    }
}

#[test]
fn employee_manager_and_hr_pages_in_headless_chromium() {
    let exe = match chromium() {
        Ok(p) => p,
        Err(why) => return skip(&why),
    };
    let work = repo().join("target/site-e2e");
    let node_dir = work.join("node");
    if let Err(why) = node_packages(&node_dir) {
        return skip(&why);
    }
    let script = node_dir.join("e2e.mjs");
    std::fs::copy(repo().join("tests/site_browser/e2e.mjs"), &script).unwrap();
    let site = work.join("site");
    build(&repo(), &site, &[]);
    let shots = work.join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let m = manifest(&site);
    let employee = m["people"]["S1012"]["employee"]
        .as_str()
        .unwrap()
        .to_owned();
    let team = m["people"]["S1002"]["team"].as_str().unwrap().to_owned();
    // The HR section's Chinese pages.
    let hr: Vec<String> = hr_pages(&site)
        .into_iter()
        .filter(|(_, html)| html.contains("<html lang=\"zh-CN\">"))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(hr.len(), 8);
    let out = Command::new("node")
        .arg(&script)
        .arg(&exe)
        .arg(&site)
        .arg(&shots)
        .arg(node_dir.join("node_modules/axe-core/axe.min.js"))
        .args([
            employee.as_str(),
            team.as_str(),
            "index.html",
            "catalog.html",
        ])
        .args(&hr)
        .current_dir(&node_dir)
        .output()
        .unwrap();
    if !out.status.success() {
        let err = text(&out.stderr);
        // A browser that cannot start here (no display libraries, sandbox) is a skip, not
        // a failure of the portal.
        if err.contains("browserType.launch") {
            return skip(&format!(
                "Chromium does not start: {}",
                err.lines().next().unwrap_or("")
            ));
        }
        panic!("the browser script failed:\n{err}");
    }
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 4 + hr.len());
    let mut problems = Vec::new();
    for r in results {
        let page = r["page"].as_str().unwrap();
        assert_eq!(r["lang"], "zh-CN", "{page}");
        assert_eq!(
            r["styled"], true,
            "{page}: the stylesheet did not apply under the CSP"
        );
        for url in r["requests"].as_array().unwrap() {
            assert!(
                url.as_str().unwrap().starts_with("file://"),
                "{page} requested {url}"
            );
        }
        assert!(
            r["console_errors"].as_array().unwrap().is_empty(),
            "{page}: {}",
            r["console_errors"]
        );
        let shot = PathBuf::from(r["screenshot"].as_str().unwrap());
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 10_000,
            "{}",
            shot.display()
        );
        for v in r["violations"].as_array().unwrap() {
            if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                problems.push(format!(
                    "{page}: {} ({}) at {}",
                    v["id"], v["help"], v["nodes"]
                ));
            }
        }
    }
    let text_of = |i: usize| results[i]["text"].as_str().unwrap().to_owned();
    let employee_text = text_of(0);
    for part in [
        "我的发展",
        "能力画像",
        "发展待办列表",
        "推荐学习",
        "历次周期的发展轨迹",
        "下一步",
    ] {
        assert!(
            employee_text.contains(part),
            "employee page: no `{part}` visible"
        );
    }
    let team_text = text_of(1);
    for part in [
        "的团队",
        "团队能力差距热力图",
        "发展行动执行情况",
        "发展对话脚本",
    ] {
        assert!(team_text.contains(part), "team page: no `{part}` visible");
    }
    let hr_text: String = (4..results.len()).map(text_of).collect();
    for part in [
        "能力差距热力图",
        "九宫格",
        "高潜人才",
        "试点指标",
        "学习效果",
        "团队学习速度",
        "能力差距预警",
        "成熟度象限",
        "HR数据字典",
        "小群体不显示",
    ] {
        assert!(hr_text.contains(part), "HR pages: no `{part}` visible");
    }
    assert!(
        problems.is_empty(),
        "accessibility violations:\n{}",
        problems.join("\n")
    );
}
