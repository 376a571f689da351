"""Build the offline edition: site-offline/ and site-offline.zip, for reading from file:// with no server.

    python tools/build_offline.py [--site-dir DIR] [--zip FILE] [--no-zip]

The normal build is untouched: this loads mkdocs.yml, then for this build only
- sets use_directory_urls: false, so every link names an .html file (claims/<id>.html) that file:// can open
  (set before any plugin's on_config, so the claims plugin builds its relative links for it too);
- marks the build as the offline edition: the claims plugin then writes the search records as a script,
  search/search_index.js, which Material's page script loads from file:// (Pagefind, the online search index,
  cannot load there: Pagefind/pagefind#202);
- serves the iframe-worker shim from the site itself. The search runs in a Web Worker, which Chromium will not
  start from file://; the shim runs it in a frame instead: the pinned npm package in tools/offline/.
Nothing is fetched at build time beyond that npm package (installed once from tools/offline/package-lock.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
OFFLINE_TOOLS = ROOT / "tools" / "offline"
SHIM_SOURCE = OFFLINE_TOOLS / "node_modules" / "iframe-worker" / "shim" / "index.js"
# Beside the search script's folder: the shim finds its bootstrap at ../iframe-worker/ from the worker's address.
SHIM_DEST = "assets/iframe-worker/shim.js"


# The shim writes the worker's page into an about:blank frame with an inline script that embeds the worker's file
# address, so its hash differs on every reader's disk and the content security policy would block it. The same
# code moves into a file of the edition, which the policy allows like every other of its scripts.
SHIM_INLINE_SCRIPT = ('<script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>'
                      '{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\\/script>')
BOOTSTRAP_NAME = "bootstrap.js"
SHIM_BOOTSTRAP_TAG = ('<script src=${new URL("../iframe-worker/' + BOOTSTRAP_NAME + '",new URL(e,location.href))}>'
                      '<\\/script>')
BOOTSTRAP = """\
// The worker's environment inside the iframe-worker frame (from the iframe-worker shim, moved out of an inline script).
postMessage = function (s, n) { parent.postMessage(s, n || "*"); };
importScripts = function (...urls) {
  return urls.reduce((done, url) => done.then(() => new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    document.body.appendChild(script);
  })), Promise.resolve());
};
addEventListener("error", ({error}) => { parent.dispatchEvent(new ErrorEvent("error", {filename: "", error})); });
"""


def without_inline_script(shim: str) -> str:
    """The shim with its frame's inline script replaced by the bootstrap file (see SHIM_INLINE_SCRIPT)."""
    if SHIM_INLINE_SCRIPT not in shim:
        raise SystemExit("the iframe-worker shim changed: update SHIM_INLINE_SCRIPT in tools/build_offline.py")
    return shim.replace(SHIM_INLINE_SCRIPT, SHIM_BOOTSTRAP_TAG)


def ensure_shim() -> Path:
    """The iframe-worker shim from the pinned npm package, installed on first use."""
    if not SHIM_SOURCE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=OFFLINE_TOOLS, check=True)
    if not SHIM_SOURCE.exists():
        raise SystemExit(f"{SHIM_SOURCE} is missing after npm ci in {OFFLINE_TOOLS}")
    return SHIM_SOURCE


def build_offline(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> Path:
    """Build the offline edition of the site configured by ``config_file`` into ``site_dir``."""
    shim = ensure_shim()
    old_cwd = Path.cwd()
    os.chdir(config_file.parent)  # mkdocs resolves docs_dir, custom_dir and the claims folder from here
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), use_directory_urls=False)
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM_DEST]
        # This build is the edition itself: pages say so, and it does not contain a zip of itself.
        config.extra["mkdocs_claims_offline_edition"] = True
        build(config)
    finally:
        os.chdir(old_cwd)
    dest = site_dir / SHIM_DEST
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(without_inline_script(shim.read_text(encoding="utf-8")), encoding="utf-8")
    (dest.parent / BOOTSTRAP_NAME).write_text(BOOTSTRAP, encoding="utf-8")
    return site_dir


def write_zip(site_dir: Path, zip_path: Path, folder: str = "site-offline") -> Path:
    """Zip the site under one top folder, with sorted entries and fixed timestamps (same input, same bytes)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # default: 1980-01-01, the earliest zip date
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), tz=dt.UTC).timetuple()[:6]
    tmp = zip_path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    tmp.replace(zip_path)
    return zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site-offline")
    parser.add_argument("--zip", type=Path, default=ROOT / "site-offline.zip")
    parser.add_argument("--no-zip", action="store_true", help="only build the folder")
    args = parser.parse_args(argv)
    site_dir = build_offline(args.site_dir.resolve())
    print(f"offline edition: {site_dir} (open {site_dir / 'index.html'} in a browser)")  # noqa: T201
    if not args.no_zip:
        print(f"zip: {write_zip(site_dir, args.zip.resolve())}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
