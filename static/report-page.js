/* The ¶ link of every paragraph and heading of a report page.

   Each paragraph of the report has its id (review-p3), the address a reader cites. As
   real links in the HTML the ¶ links were a tenth of a report page's bytes (about 75
   each), so this script makes them: after the text of each element with an id in
   .report-body, a link to it named 本段链接 (static/site.css shows it on hover and on
   focus). Without JavaScript the ids are still there (an address with #review-p3 opens
   at that paragraph) and the table of contents links the parts and subsections. */
(function () {
  "use strict";

  var body = document.querySelector(".report-body");
  if (!body) return;
  body.querySelectorAll("p[id], h2[id], h3[id]").forEach(function (el) {
    var link = document.createElement("a");
    link.className = "pilcrow";
    link.href = "#" + encodeURIComponent(el.id);
    link.setAttribute("aria-label", "本段链接");
    link.textContent = "¶";
    el.appendChild(link);
  });
})();
