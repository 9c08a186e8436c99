/* The ¶ links and the full text of new and dropped paragraphs on a precomputed compare page.

   Each paragraph cell names its side and its paragraph, <p data-b="3"> (the paragraph
   <family>-p3 of the section sec-<family>) or <p data-b="other-2-p3">; the page's
   .cmp-body names each side's report page (data-a-html, data-b-html) and data file
   (data-a-json, data-b-json). This adds to every cell a ¶ link to its paragraph in its
   report, named by the side's hidden label (#cmp-la, #cmp-lb: "2023年原文"): as real
   links in the HTML they made up a fifth of the pages' bytes. Without JavaScript the page
   keeps every text, the redline and both modes, and its header links both reports.

   A changed row comes with side b's cell alone (see below), as side a's repeated most of
   its text.

   A paragraph kept word for word comes once, <p data-ab="3"> (or "3 4" when its number
   changed), as its second copy made up a twelfth of the pages; this makes it the row of
   two cells the others are (without JavaScript it shows once, 未变 beside it).

   A new or dropped paragraph has no counterpart to redline, and its whole text made up
   most of a page's bytes, so the page carries only its start ("…"). This fills the rest
   in from data/reports/<id>.json.gz (the files the compare-any-two page reads). When a file
   cannot be had (file://, a failed fetch), the excerpt stays. Text is only ever set with
   textContent-like APIs, never as HTML. */
(function () {
  "use strict";

  var body = document.querySelector(".cmp-body[data-a-html][data-b-html]");
  if (!body) return;

  function anchor(cell, side) {
    var value = cell.getAttribute("data-" + side);
    if (!/^[0-9]+$/.test(value)) return value;
    var section = cell.closest(".cmp-section");
    return section.id.replace(/^sec-/, "") + "-p" + value;
  }

  /* A changed row carries side b's cell alone, its redline with the deleted and the
     inserted text (the row's data-from names side a's paragraph): side a's cell is the
     same less the insertions. Without JavaScript the one cell spans the row. */
  body.querySelectorAll(".cmp-section > .cmp-row[data-from]").forEach(function (row) {
    var b = row.querySelector(":scope > p[data-b]");
    if (!b) return;
    var a = b.cloneNode(true);
    a.removeAttribute("data-b");
    a.setAttribute("data-a", row.getAttribute("data-from"));
    a.querySelectorAll("ins").forEach(function (ins) { ins.parentNode.removeChild(ins); });
    a.normalize();
    row.insertBefore(a, b);
  });

  body.querySelectorAll(".cmp-section > p[data-ab]").forEach(function (kept) {
    var both = kept.getAttribute("data-ab").split(" ");
    var row = document.createElement("div");
    row.className = ("cmp-row st-same " + kept.className).trim();
    ["a", "b"].forEach(function (side, i) {
      var cell = document.createElement("p");
      cell.setAttribute("data-" + side, both[i] || both[0]);
      cell.textContent = kept.textContent;
      row.appendChild(cell);
    });
    kept.parentNode.replaceChild(row, kept);
  });

  ["a", "b"].forEach(function (side) {
    var page = body.getAttribute("data-" + side + "-html");
    body.querySelectorAll(".cmp-section [data-" + side + "]").forEach(function (cell) {
      var link = document.createElement("a");
      link.href = page + "#" + encodeURIComponent(anchor(cell, side));
      link.setAttribute("aria-labelledby", "cmp-l" + side);
      link.textContent = "¶";
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(link);
    });
  });
  body.setAttribute("data-linked", "1");

  if (!window.fetch || !window.fetchJson) return;

  /* The cells of one side whose text may be cut: new paragraphs (a cell of side b straight
     in its section) and dropped ones (side a); each holds its text, then its ¶ link. */
  function cells(side) {
    return Array.prototype.filter.call(
      body.querySelectorAll(".cmp-section > [data-" + side + "]"),
      function (cell) {
        var first = cell.firstChild;
        return first && first.nodeType === 3 && first.nextSibling;
      });
  }

  function texts(url) {
    return window.fetchJson(url).then(function (report) {
      var byAnchor = new Map();
      report.parts.forEach(function (part) {
        part.paragraphs.forEach(function (p) { byAnchor.set(p.anchor, p.text); });
      });
      return byAnchor;
    });
  }

  function fill(side) {
    var todo = cells(side);
    if (!todo.length) return Promise.resolve();
    return texts(body.getAttribute("data-" + side + "-json")).then(function (byAnchor) {
      todo.forEach(function (cell) {
        var text = byAnchor.get(anchor(cell, side));
        if (typeof text === "string") cell.firstChild.data = text;
      });
    });
  }

  Promise.all([
    fill("a").catch(function () {}),
    fill("b").catch(function () {})
  ]).then(function () { body.setAttribute("data-filled", "1"); });
})();
