//! The local preview (`talentloop serve`): serves a built site on 127.0.0.1, watches the
//! org's folders, rebuilds on change and tells open pages to reload.
//!
//! Pages built for the preview link a small script (`assets/reload.js`) that polls
//! `/_talentloop/version` and reloads when it changes; published builds have no script.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The name of the reload script among the assets (preview builds only).
pub const RELOAD_SCRIPT: &str = "reload.js";

/// Where the preview serves the build number.
pub const VERSION_PATH: &str = "/_talentloop/version";

/// The reload script: polls the build number once a second.
pub fn reload_script() -> String {
    format!(
        "// Preview only: reloads the page when `talentloop serve` has rebuilt the site.\n\
         (function () {{\n  var seen = null;\n  function poll() {{\n    fetch(\"{VERSION_PATH}\", {{ cache: \"no-store\" }})\n      .then(function (r) {{ return r.text(); }})\n      .then(function (v) {{ if (seen !== null && v !== seen) {{ location.reload(); }} seen = v; }})\n      .catch(function () {{}})\n      .then(function () {{ setTimeout(poll, 1000); }});\n  }}\n  poll();\n}})();\n"
    )
}

/// A running preview server.
pub struct Server {
    pub addr: std::net::SocketAddr,
    /// Bumped after every successful rebuild; pages reload when it changes.
    pub version: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves `root` on 127.0.0.1:`port` (0 picks a free port).
    pub fn start(root: PathBuf, port: u16) -> std::io::Result<Server> {
        let server = tiny_http::Server::http(("127.0.0.1", port))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("the server has no IP address"))?;
        let version = Arc::new(AtomicU64::new(1));
        let stop = Arc::new(AtomicBool::new(false));
        let (v, s) = (version.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match server.recv_timeout(Duration::from_millis(200)) {
                    Ok(Some(request)) => respond(&root, &v, request),
                    Ok(None) => {}
                    Err(_) => break,
                }
            }
        });
        Ok(Server {
            addr,
            version,
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The file under `root` a request path names, if it is a plain path inside the site.
fn file_for(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut out = root.to_path_buf();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let safe = segment != "."
            && segment != ".."
            && !segment.starts_with('.')
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !safe {
            return None;
        }
        out.push(segment);
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn respond(root: &Path, version: &AtomicU64, mut request: tiny_http::Request) {
    let mut body = Vec::new();
    let _ = request.as_reader().take(1 << 16).read_to_end(&mut body);
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    let url = request.url().to_owned();
    let response = if url.split('?').next() == Some(VERSION_PATH) {
        let mut r =
            tiny_http::Response::from_string(version.load(Ordering::Relaxed).to_string()).boxed();
        if let Some(h) = header("Cache-Control", "no-store") {
            r.add_header(h);
        }
        r
    } else {
        match file_for(root, &url).and_then(|p| Some((std::fs::read(&p).ok()?, p))) {
            Some((bytes, p)) => {
                let mut r = tiny_http::Response::from_data(bytes).boxed();
                if let Some(h) = header("Content-Type", content_type(&p)) {
                    r.add_header(h);
                }
                if let Some(h) = header("Cache-Control", "no-cache") {
                    r.add_header(h);
                }
                r
            }
            None => tiny_http::Response::from_string("not found")
                .with_status_code(404)
                .boxed(),
        }
    };
    let _ = request.respond(response);
}

/// Watches `folders` (recursively) and calls `rebuild` after changes settle, ignoring
/// changes under `ignore` (the site itself). Returns when `stop` is set or the watcher
/// fails; `max_rebuilds` bounds the loop (tests).
pub fn watch(
    folders: &[PathBuf],
    ignore: &Path,
    stop: &AtomicBool,
    max_rebuilds: Option<usize>,
    rebuild: &mut dyn FnMut(),
) -> notify::Result<()> {
    use notify::Watcher as _;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = tx.send(event);
    })?;
    for f in folders {
        if f.exists() {
            watcher.watch(f, notify::RecursiveMode::Recursive)?;
        }
    }
    let relevant = |e: &notify::Event| {
        !matches!(e.kind, notify::EventKind::Access(_))
            && e.paths
                .iter()
                .any(|p| !p.starts_with(ignore) && !is_hidden_or_temp(p))
    };
    let mut rebuilds = 0;
    while !stop.load(Ordering::Relaxed) {
        let Ok(first) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        if !first.as_ref().is_ok_and(relevant) {
            continue;
        }
        // Let a burst of changes (an editor saving several files) settle.
        let settle = Instant::now();
        while settle.elapsed() < Duration::from_millis(150) {
            if rx.recv_timeout(Duration::from_millis(50)).is_err() {
                break;
            }
        }
        rebuild();
        rebuilds += 1;
        if max_rebuilds.is_some_and(|m| rebuilds >= m) {
            break;
        }
    }
    Ok(())
}

fn is_hidden_or_temp(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~') || n.ends_with(".swp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_cannot_leave_the_site() {
        let dir = std::env::temp_dir();
        assert!(file_for(&dir, "/../etc/passwd").is_none());
        assert!(file_for(&dir, "/%2e%2e/x").is_none());
        assert!(file_for(&dir, "/.hidden").is_none());
    }
}
