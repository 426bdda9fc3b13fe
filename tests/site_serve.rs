//! `talentloop serve` on the loopback interface: serves the preview, refuses paths outside
//! it, rebuilds when a template changes and bumps the version pages poll. Bounded: every
//! wait has a timeout, and the server stops after one rebuild.

mod site_common;

use site_common::*;
use std::io::{BufRead as _, Read as _, Write as _};
use std::time::{Duration, Instant};

/// A GET on 127.0.0.1: status code and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    let _ = s.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_owned());
    (status, body)
}

#[test]
fn serve_rebuilds_on_a_template_change_and_pages_reload() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let page = "{% extends \"base.html\" %}{% block title %}{{ m.index_title }}{% endblock %}{% block main %}<p>{{ m.org_note }}</p>{% endblock %}";
    std::fs::write(templates.join("index.html"), page).unwrap();
    std::fs::create_dir_all(templates.join("messages")).unwrap();
    std::fs::write(
        templates.join("messages/zh-CN.yaml"),
        "org_note: first version\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("messages/en.yaml"),
        "org_note: first version\n",
    )
    .unwrap();
    project_file(
        dir,
        &repo().join("examples/acme-sales/data"),
        Some(&templates),
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args([
            "serve",
            "--port",
            "0",
            "--demo",
            "--as-of",
            AS_OF,
            "--max-rebuilds",
            "1",
        ])
        .current_dir(dir)
        .env_remove("TALENTLOOP_SECRET")
        .env("CI", "true")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut addr = None;
    let start = Instant::now();
    while addr.is_none() && start.elapsed() < Duration::from_secs(60) {
        if let Ok(line) = rx.recv_timeout(Duration::from_secs(1))
            && let Some(rest) = line.strip_prefix("serving http://")
        {
            addr = rest.split('/').next().map(str::to_owned);
        }
    }
    let Some(addr) = addr else {
        let _ = child.kill();
        panic!("the server did not start");
    };
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let (status, body) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains("first version"));
    assert!(
        body.contains("reload.js"),
        "preview pages load the reload script"
    );
    assert!(body.contains("script-src 'self'"));
    assert_eq!(get(&addr, "/assets/reload.js").0, 200);
    assert_eq!(get(&addr, "/../Cargo.toml").0, 404);
    assert_eq!(get(&addr, "/.talentloop-site").0, 404);
    assert_eq!(get(&addr, "/_talentloop/version").1, "1");
    // Change the template's message; the watcher rebuilds and the version moves on.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        templates.join("messages/zh-CN.yaml"),
        "org_note: second version\n",
    )
    .unwrap();
    let start = Instant::now();
    let mut version = String::new();
    while start.elapsed() < Duration::from_secs(60) {
        version = get(&addr, "/_talentloop/version").1;
        if version == "2" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(version, "2", "no rebuild after the change");
    // The server may already have stopped after its one rebuild: read the preview itself.
    let body = std::fs::read_to_string(dir.join("build/preview/index.html")).unwrap_or_default();
    if !body.contains("second version") {
        let _ = child.kill();
        let log: Vec<String> = rx.try_iter().collect();
        panic!("the page was not rebuilt:\n{}\n{body}", log.join("\n"));
    }
    // After its one rebuild the server stops by itself.
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    // Published builds never carry the script.
    assert!(!dir.join("site").exists());
}
