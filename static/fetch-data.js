/* govreport-site: fetchBytes(url) and fetchJson(url), for files stored gzip-compressed.

   The reports' texts (data/reports/<id>.json.gz) and the search index's postings
   (search/b/, search/u/) are stored gzip-compressed (publish/compress.py) and inflated
   here with the browser's DecompressionStream. A host that sends .gz files with
   "Content-Encoding: gzip" has the browser inflate them already: the gzip magic number
   (1f 8b; JSON never starts so) says which. */
(function () {
  "use strict";

  function inflate(bytes) {
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
      return Promise.resolve(bytes);
    }
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser cannot read gzip (DecompressionStream)"));
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  window.fetchBytes = function (url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (buffer) {
      return inflate(new Uint8Array(buffer));
    });
  };

  window.fetchJson = function (url) {
    return window.fetchBytes(url).then(function (bytes) {
      return JSON.parse(new TextDecoder().decode(bytes));
    });
  };
})();
