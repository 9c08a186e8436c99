/* The full text of new and dropped paragraphs on a precomputed compare page.

   Such a paragraph has no counterpart to redline, and its whole text made up most of a
   page's bytes, so the page carries only its start ("…") and a ¶ link to it in its
   report. This fills the rest in from data/reports/<id>.json (the files the
   compare-any-two page reads; .cmp-body names them in data-a and data-b). When the
   script or a file cannot be had (no JavaScript, file://, a failed fetch), the excerpt
   and the link stay. Text is only ever set with textContent-like APIs, never as HTML. */
(function () {
  "use strict";

  var body = document.querySelector(".cmp-body[data-a][data-b]");
  if (!body || !window.fetch) return;

  /* The paragraph cells of one side whose text may be cut: side a of dropped rows,
     side b of new rows. Each ends with its ¶ link, the text node just before it. */
  function cells(side, status) {
    return Array.prototype.filter.call(
      body.querySelectorAll(".cmp-row.st-" + status + " > .cmp-" + side),
      function (cell) {
        var link = cell.lastElementChild;
        return link && link.tagName === "A" && link.hash &&
          link.previousSibling && link.previousSibling.nodeType === 3;
      });
  }

  function texts(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    }).then(function (report) {
      var byAnchor = new Map();
      report.parts.forEach(function (part) {
        part.paragraphs.forEach(function (p) { byAnchor.set(p.anchor, p.text); });
      });
      return byAnchor;
    });
  }

  function fill(side, status) {
    var todo = cells(side, status);
    if (!todo.length) return Promise.resolve();
    return texts(body.getAttribute("data-" + side)).then(function (byAnchor) {
      todo.forEach(function (cell) {
        var link = cell.lastElementChild, node = link.previousSibling;
        var text = byAnchor.get(decodeURIComponent(link.hash.slice(1)));
        if (typeof text !== "string") return;
        node.data = node.data.match(/^\s*/)[0] + text + " ";
      });
    });
  }

  Promise.all([
    fill("a", "dropped").catch(function () {}),
    fill("b", "new").catch(function () {})
  ]).then(function () { body.setAttribute("data-filled", "1"); });
})();
