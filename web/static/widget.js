/* Pulse related-stories widget. Embed with one tag, after the article:
 *   <script src="https://pulse.example.com/widget.js" data-article="ARTICLE-ID" data-limit="4" async></script>
 * It fetches the related stories from the Pulse server that served this
 * script and renders them as cards right after the tag: data-limit of
 * them (optional: the server's related.default_limit when absent; a
 * limit outside 1 to related.max_limit is answered 400 and shows nothing,
 * with the server's reason in the console). Text goes in with
 * textContent, never as HTML. The site's origin must be listed in
 * widget.allowed_origins for the request to be allowed (CORS). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var id = script.getAttribute("data-article");
  if (!id) { return; }
  var limit = script.getAttribute("data-limit");
  var base = new URL(script.src, document.baseURI).origin;
  function webURL(u) {
    if (typeof u !== "string" || !u) { return false; }
    try {
      var p = new URL(u);
      return (p.protocol === "https:" || p.protocol === "http:") && p.host !== "";
    } catch (e) { return false; }
  }
  var url = base + "/api/articles/" + encodeURIComponent(id) + "/related" +
    (limit ? "?limit=" + encodeURIComponent(limit) : "");
  fetch(url, { credentials: "omit" }).then(function (r) {
    if (r.status === 400) {
      return r.json().then(function (e) {
        console.warn("pulse widget: " + ((e && e.error && e.error.message) || "bad request"));
        return { related: [] };
      });
    }
    return r.ok ? r.json() : { related: [] };
  }).then(function (data) {
    var stories = (data && data.related) || [];
    if (!stories.length) { return; }
    var box = document.createElement("aside");
    box.className = "pulse-related";
    box.setAttribute("aria-label", "Related stories");
    var h = document.createElement("h2");
    h.textContent = "Related stories";
    box.appendChild(h);
    var ul = document.createElement("ul");
    stories.forEach(function (s) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      // Only a web link goes into href, whatever the server sent: a
      // javascript: or data: URL would run on the embedding site.
      a.href = webURL(s.url) ? s.url : base + "/articles/" + encodeURIComponent(s.id);
      a.textContent = s.title || "(untitled)";
      li.appendChild(a);
      var meta = [];
      if (s.published_at) {
        var d = new Date(s.published_at);
        if (!isNaN(d)) { meta.push(d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })); }
      }
      if (s.source) { meta.push(s.source); }
      if (meta.length) {
        var m = document.createElement("span");
        m.className = "pulse-related-meta";
        m.textContent = " " + meta.join(" · ");
        li.appendChild(m);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    script.parentNode.insertBefore(box, script.nextSibling);
  }).catch(function () { /* no widget rather than a broken page */ });
})();
