// stsplay embed: turns blocks in any page into live embeds of the stsplay playground, as Mermaid's
// script turns `mermaid` code blocks into diagrams. Load it from where the playground is served:
//
//   <script src="https://YOUR-HOST/stsplay/embed.js" defer></script>
//   <pre class="stsplay" data-autoplay>github-pull-request-rejected</pre>
//
// A block is `<pre class="stsplay">` or, as Markdown renders a fenced ```stsplay block,
// `<pre><code class="language-stsplay">`. It holds a preset's name or a scenario as JSON. Options
// are data attributes of the block: data-autoplay, data-editable, data-step="N" (reveal N steps),
// data-height="640" (the starting height in pixels), data-title.
//
// Each block becomes one iframe of the playground's `#embed` route. The embed reports its height
// and the iframe follows it; only messages from that iframe, from the playground's origin, are
// accepted. Light or dark follows the host page (its background, else the reader's setting), also
// when the page switches. README, "Embedding in documentation".
(function () {
  "use strict";
  // The playground is the directory this script was loaded from.
  const script = document.currentScript;
  if (!script || !script.src) return;
  const playground = new URL(".", script.src);
  // The engine version share links carry (scripts/post-build.sh writes it from Cargo.toml).
  const VERSION = "__STSPLAY_VERSION__";
  const frames = [];
  let count = 0;

  function blocks() {
    const found = [];
    for (const pre of document.querySelectorAll("pre.stsplay, pre > code.language-stsplay")) {
      const block = pre.tagName === "PRE" ? pre : pre.parentElement;
      if (!block.dataset.stsplayDone && !found.includes(block)) found.push(block);
    }
    return found;
  }

  // Dark when the nearest opaque background behind `element` is dark; else the reader's setting.
  function theme(element) {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const rgba = getComputedStyle(node).backgroundColor.match(/[\d.]+/g);
      if (rgba && (rgba.length < 4 || Number(rgba[3]) > 0.5)) {
        const [r, g, b] = rgba.map(Number);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? "dark" : "light";
      }
    }
    return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function base64url(bytes) {
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // A scenario travels as in a share link: raw DEFLATE, base64url, behind the engine version.
  async function payload(json) {
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    return `s=${VERSION}~${base64url(bytes)}`;
  }

  async function embed(block) {
    block.dataset.stsplayDone = "1";
    const name = `stsplay-${(count += 1)}`;
    const source = block.textContent.trim();
    const options = { ...block.dataset, ...(block.querySelector("code")?.dataset ?? {}) };
    const parts = ["embed", `frame=${name}`, `theme=${theme(block)}`];
    if (source.startsWith("{")) {
      try {
        JSON.parse(source);
      } catch (error) {
        block.insertAdjacentText("afterend", ` (stsplay: this block is not a preset name or JSON: ${error.message})`);
        return;
      }
      parts.push(await payload(source));
    } else {
      parts.push(`preset=${encodeURIComponent(source)}`);
    }
    if ("autoplay" in options) parts.push("autoplay");
    if ("editable" in options) parts.push("editable");
    if (/^\d+$/.test(options.step ?? "")) parts.push(`step=${options.step}`);
    const iframe = document.createElement("iframe");
    iframe.src = new URL(`#${parts.join("&")}`, playground).href;
    iframe.title = options.title || "AWS STS AssumeRoleWithWebIdentity, simulated by stsplay";
    iframe.className = "stsplay-embed";
    iframe.loading = "lazy";
    iframe.style.cssText = `display:block;width:100%;border:0;height:${Number(options.height) || 640}px`;
    iframe.dataset.stsplayFrame = name;
    block.replaceWith(iframe);
    frames.push({ iframe, name });
  }

  addEventListener("message", (event) => {
    const data = event.data;
    if (event.origin !== playground.origin || !data || data.type !== "stsplay:size") return;
    const frame = frames.find((f) => f.iframe.contentWindow === event.source && f.name === data.frame);
    const height = Number(data.height);
    if (frame && height > 0) frame.iframe.style.height = `${Math.min(Math.ceil(height), 5000)}px`;
  });

  // The host switched between light and dark (a toggle, or the reader's setting).
  function follow() {
    for (const { iframe } of frames) {
      iframe.contentWindow?.postMessage({ type: "stsplay:theme", theme: theme(iframe) }, playground.origin);
    }
  }
  new MutationObserver(follow).observe(document.documentElement, {
    attributes: true,
    subtree: false,
    attributeFilter: ["class", "style", "data-theme", "data-md-color-scheme"],
  });
  if (document.body) {
    new MutationObserver(follow).observe(document.body, { attributes: true, attributeFilter: ["class", "style", "data-theme", "data-md-color-scheme"] });
  }
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", follow);

  function start() {
    blocks().forEach(embed);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
