"""The offline copy: the whole site in one zip that works opened from disk (``file://``).

Readers who cannot reach the hosted site get a file. A site folder opened from disk differs from
a served one in five ways, each handled here rather than in the hosted site:

1. Folders are not pages: ``events/x/`` opens a directory listing. The copy keeps the hosted
   site's layout (so every relative link anyone's code computed stays right) and every link to
   a folder is made to name its ``index.html``: in the HTML and SVG files (:func:`link_files`),
   and, for links made by scripts (search results), when they are followed (offline.js).
2. The browser refuses ``fetch()`` and ``new Worker()`` for ``file://`` addresses, and search
   runs in a worker that fetches its index. :func:`offline_script` writes
   ``assets/javascripts/offline.js``, loaded first on every page: on ``file://`` only, it holds
   the search files (everything under ``search/`` and the site's own scripts) and answers
   ``fetch()`` for them; a worker is started from a ``blob:`` copy of its script with the same
   answers for its ``fetch()`` and ``importScripts()``. Served over HTTP it does nothing.
3. Web fonts from ``file://`` are blocked as cross-origin: the stylesheets get them inlined as
   ``data:`` URLs, so Arabic keeps its typeface offline.
4. Material fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` (feeds), which
   ``file://`` refuses: the copy drops those links (a feed means nothing offline).
5. The site's Content-Security-Policy (generator/csp.py) would refuse the ``blob:`` worker and
   scripts, and ``data:`` fonts: the copy's policy adds exactly ``blob:`` to ``worker-src`` and
   ``script-src`` and ``data:`` to ``font-src``. No ``'unsafe-eval'``, no inline script.

Canonical links still point at the hosted site (``SITE_URL``): a page cited from the offline
copy is cited by its web address.
"""

from __future__ import annotations

import base64
import json
import os
import posixpath
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import click

from . import provenance
from .build import Paths, build

OFFLINE_JS = "assets/javascripts/offline.js"
_EMBED = ("search/", "assets/javascripts/")
_EMBED_SUFFIXES = (".js", ".json", ".txt")
_FONT_URL = re.compile(r"url\((['\"]?)([^'\")]+\.(woff2?|ttf|otf))\1\)")
_FONT_TYPES = {"woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "otf": "font/otf"}
_HEAD = re.compile(r"<head>", re.IGNORECASE)
# feed and language alternates: Material fetches sitemap.xml beside each, which file:// refuses
_ALTERNATE_LINK = re.compile(r'[ \t]*<link rel="alternate"[^>]*>\n?', re.IGNORECASE)
_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")',
                  re.IGNORECASE)

# Runs inside the worker, before the worker's own script (see module docstring, point 2).
_WORKER_PRELUDE = r"""
(function (files, root, self_url) {
  function key(url) {
    var abs = new URL(url, self_url).href.split("#")[0].split("?")[0];
    return abs.indexOf(root) === 0 ? decodeURIComponent(abs.slice(root.length)) : null;
  }
  function type(k) { return /\.json$/.test(k) ? "application/json" : "text/plain"; }
  // a blob: worker's own location cannot resolve relative URLs; give it its file:// address
  Object.defineProperty(self, "location", {value: new URL(self_url), configurable: true});
  var realFetch = self.fetch && self.fetch.bind(self);
  self.fetch = function (input, init) {
    var k = key(input instanceof Request ? input.url : String(input));
    if (k !== null && Object.prototype.hasOwnProperty.call(files, k)) {
      return Promise.resolve(new Response(files[k], {headers: {"Content-Type": type(k)}}));
    }
    return realFetch(input, init);
  };
  var realImport = self.importScripts.bind(self);
  self.importScripts = function () {
    var urls = [];
    for (var i = 0; i < arguments.length; i++) {
      var k = key(arguments[i]);
      if (k === null || !Object.prototype.hasOwnProperty.call(files, k)) {
        throw new Error("offline copy: no script " + arguments[i]);
      }
      var blob = new Blob([files[k], "\n//# sourceURL=" + root + k], {type: "text/javascript"});
      urls.push(URL.createObjectURL(blob));
    }
    realImport.apply(self, urls);
  };
})(__OFFLINE_FILES__, __OFFLINE_ROOT__, __OFFLINE_SELF__);
"""

# Runs in every page, first (see module docstring, point 2).
_PAGE_SCRIPT = r"""/* Offline copy: search from file:// (written by generator/bundle.py). */
(function () {
  if (location.protocol !== "file:") return;
  var files = __FILES__;
  var prelude = __PRELUDE__;
  var root = new URL("../../", document.currentScript.src).href;
  function key(url, base) {
    var abs = new URL(url, base).href.split("#")[0].split("?")[0];
    return abs.indexOf(root) === 0 ? decodeURIComponent(abs.slice(root.length)) : null;
  }
  function has(k) { return k !== null && Object.prototype.hasOwnProperty.call(files, k); }
  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var k = key(input instanceof Request ? input.url : String(input), location.href);
    if (has(k)) {
      var type = /\.json$/.test(k) ? "application/json" : "text/plain";
      return Promise.resolve(new Response(files[k], {headers: {"Content-Type": type}}));
    }
    return realFetch(input, init);
  };
  var RealWorker = window.Worker;
  function OfflineWorker(url, options) {
    var k = key(String(url), location.href);
    if (!has(k)) return new RealWorker(url, options);
    var head = prelude
      .replace("__OFFLINE_FILES__", function () { return JSON.stringify(files); })
      .replace("__OFFLINE_ROOT__", JSON.stringify(root))
      .replace("__OFFLINE_SELF__", JSON.stringify(new URL(String(url), location.href).href));
    var blob = new Blob([head, files[k], "\n//# sourceURL=" + root + k],
                        {type: "text/javascript"});
    return new RealWorker(URL.createObjectURL(blob), options);
  }
  OfflineWorker.prototype = RealWorker.prototype;
  window.Worker = OfflineWorker;
  // links made by scripts (search results) to a folder: open its index.html
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("a[href]");
    if (link && link.protocol === "file:" && /\/$/.test(link.pathname)) {
      link.pathname += "index.html";
    }
  }, true);
})();
"""


def _embedded(path: Path, site: Path, material_worker: bool) -> bool:
    rel = path.relative_to(site).as_posix()
    if not path.is_file() or path.suffix not in _EMBED_SUFFIXES or rel == OFFLINE_JS:
        return False
    if rel.startswith("search/"):
        return True
    if rel.count("/") == 2:  # assets/javascripts/*.js: the site's own scripts, not the app
        return not path.name.startswith("bundle.")
    # Material's lunr worker and the language files it imports, only when it is the worker
    return material_worker and rel.startswith(("assets/javascripts/workers/",
                                               "assets/javascripts/lunr/"))


def embedded_files(site: Path) -> dict[str, str]:
    """Text of every file the search worker may fetch or import, by path from the site root."""
    home = site / "index.html"
    material_worker = home.is_file() and "javascripts/workers/search." in home.read_text("utf-8")
    return {path.relative_to(site).as_posix(): path.read_text("utf-8")
            for prefix in _EMBED if (site / prefix).is_dir()
            for path in sorted((site / prefix).rglob("*"))
            if _embedded(path, site, material_worker)}


def offline_script(site: Path) -> str:
    files = embedded_files(site)
    # "</" never appears in the script's JSON: it is loaded by a <script src>, but keep it inert
    data = json.dumps(files, ensure_ascii=False).replace("</", "<\\/")
    return (_PAGE_SCRIPT.replace("__FILES__", data)
            .replace("__PRELUDE__", json.dumps(_WORKER_PRELUDE)))


def inline_fonts(site: Path) -> int:
    """Replace font URLs in every stylesheet by ``data:`` URLs; returns how many."""
    count = 0
    for css in site.rglob("*.css"):
        text = css.read_text("utf-8")

        def data_url(match: re.Match, css=css) -> str:
            nonlocal count
            target = (css.parent / match.group(2)).resolve()
            if not target.is_file():
                return match.group(0)
            count += 1
            payload = base64.b64encode(target.read_bytes()).decode("ascii")
            return f'url("data:{_FONT_TYPES[match.group(3)]};base64,{payload}")'

        new = _FONT_URL.sub(data_url, text)
        if new != text:
            css.write_text(new, "utf-8")
    return count


def _relative(page: Path, site: Path, target: str) -> str:
    return Path(os.path.relpath(site / target, page.parent)).as_posix()


def add_offline_script(site: Path) -> int:
    """Load offline.js first in every HTML page; allow blob: workers in a CSP. Returns pages."""
    (site / OFFLINE_JS).parent.mkdir(parents=True, exist_ok=True)
    (site / OFFLINE_JS).write_text(offline_script(site), "utf-8")
    pages = 0
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        if not _HEAD.search(text):
            continue  # redirect stubs have no scripts
        tag = f'<script src="{_relative(page, site, OFFLINE_JS)}"></script>'
        text = _HEAD.sub(lambda m, tag=tag: m.group(0) + tag, text, count=1)
        text = _ALTERNATE_LINK.sub("", text)
        text = _CSP.sub(lambda m: m.group(1) + offline_policy(m.group(2)) + m.group(3),
                        text)
        page.write_text(text, "utf-8")
        pages += 1
    return pages


_OFFLINE_SOURCES = {"worker-src": "blob:", "script-src": "blob:", "font-src": "data:"}


def offline_policy(policy: str) -> str:
    """The site's CSP plus what the offline copy needs (module docstring, point 5)."""
    parts = [p.strip() for p in policy.split(";") if p.strip()]
    names = [p.split()[0] for p in parts]
    for name, source in _OFFLINE_SOURCES.items():
        if name in names:
            i = names.index(name)
            if source not in parts[i].split()[1:]:
                parts[i] += f" {source}"
        elif "default-src" in names:  # only then is the directive restricted at all
            parts.append(f"{name} 'self' {source}")
    return "; ".join(parts)


def material_index_script(site: Path) -> None:
    """Material's own file:// path: it loads search/search_index.js (``var __index``) by a
    script tag instead of fetching search_index.json (what Material's offline plugin writes;
    that plugin also loads a worker shim from a CDN, so it is not used)."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text("utf-8").replace("</", "<\\/")
        (site / "search" / "search_index.js").write_text(f"var __index = {data}\n", "utf-8")


_LINK_ATTR = re.compile(r'(\b(?:href|src|xlink:href)=")([^"]*)(")')
_REFRESH = re.compile(r'(<meta http-equiv="refresh" content="\d+;\s*url=)([^"]*)(")',
                      re.IGNORECASE)
_NOT_RELATIVE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)


def file_link(ref: str, here: str = "", base: str = "/") -> str:
    """``../events/x/`` -> ``../events/x/index.html``; a path under the site's own address
    (``base``, the path of SITE_URL: ``/briefing/ar/``) is first made relative to ``here``,
    the folder of the file holding the link, relative to the site root. Others unchanged."""
    if ref.startswith(base) and base.startswith("/"):
        target = ref[len(base):]
        ref = posixpath.relpath(target or ".", here or ".") + ("/" if target.endswith("/")
                                                              or not target else "")
    if not ref or _NOT_RELATIVE.match(ref):
        return ref
    cut = min((i for i in (ref.find("?"), ref.find("#")) if i >= 0), default=len(ref))
    path, rest = ref[:cut], ref[cut:]
    if path.endswith("/") or path.rsplit("/", 1)[-1] in (".", ".."):
        path = path.rstrip("/") + "/index.html"
    return path + rest


def link_files(site: Path, base: str = "/") -> int:
    """Point every link to a folder at its index.html, in HTML and SVG files (see
    :func:`file_link`)."""
    changed = 0
    for path in [*site.rglob("*.html"), *site.rglob("*.svg")]:
        text = path.read_text("utf-8")
        here = path.parent.relative_to(site).as_posix()

        def fix(m: re.Match, here=here) -> str:
            return m.group(1) + file_link(m.group(2), here, base) + m.group(3)

        new = _REFRESH.sub(fix, _LINK_ATTR.sub(fix, text))
        if new != text:
            path.write_text(new, "utf-8")
            changed += 1
    return changed


def drop_server_files(site: Path) -> None:
    """Files only a web server uses: the "not found" pages (their links are absolute paths on
    the host) and the crawler files. Opened from disk, a missing file is the browser's own
    error page."""
    for name in ("404.html", "robots.txt", "sitemap.xml", "sitemap.xml.gz",
                 "sitemap-pages.xml"):  # the sitemaps (generator/publish_hooks.py)
        for path in site.rglob(name):
            path.unlink()


def make_offline(site: Path) -> dict[str, int]:
    drop_server_files(site)
    link_files(site, urlsplit(provenance.site_url()).path or "/")
    material_index_script(site)
    fonts = inline_fonts(site)
    pages = add_offline_script(site)
    return {"fonts": fonts, "pages": pages}


def write_zip(site: Path, out: Path, folder: str) -> None:
    """Zip ``site`` as ``folder/...``, files in a fixed order with the build's timestamp."""
    moment = provenance.build_time()
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute,
             moment.second)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.suffix != ".gz":
                info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    os.replace(partial, out)


def bundle(content: Path, out: Path) -> dict[str, int]:
    """Build the site for ``file://`` into a temporary folder and zip it to ``out``."""
    work = Path(tempfile.mkdtemp(prefix="briefing-bundle-"))
    try:
        paths = Paths(content=content, build=work / "build", site=work / "site")
        build(paths)
        report = make_offline(paths.site)
        write_zip(paths.site, out, out.stem)
        report["files"] = sum(1 for p in paths.site.rglob("*") if p.is_file())
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


@click.command()
@click.option("--content", type=click.Path(path_type=Path), default=Paths.content,
              show_default="content/", help="Folder of the curated YAML.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("dist/briefing.zip"),
              show_default=True, help="The zip to write; its folder inside is named after it.")
def main(content: Path, out: Path) -> None:
    """Write the offline copy of the site: a zip that works opened from disk."""
    report = bundle(content.resolve(), out.resolve())
    size = out.stat().st_size / 1e6
    click.echo(f"Wrote {out} ({size:.1f} MB, {report['files']} files, {report['pages']} pages; "
               f"open {out.stem}/index.html after unzipping)")


if __name__ == "__main__":
    main()
