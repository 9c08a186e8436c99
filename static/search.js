/* Full-text search for govreport-site: exact substring search over every paragraph.
 *
 * The index (search/ beside this page, written by govreport_site/publish/search) holds
 * the positions of every pair of characters. A query word of length L >= 2 is looked up
 * as the pairs at offsets 0, 2, 4 … and L-2; a paragraph matches where all of them sit
 * at the right distance, so the results are exactly the paragraphs that contain the word
 * (one-character words use a character index). Words separated by spaces must all occur.
 * publish/search/query.py is the same algorithm in Python; tests hold both to the truth.
 *
 * Report text is untrusted: it only ever reaches the page through textContent and text
 * nodes, never innerHTML. No libraries, no build step, all URLs relative to the page.
 */
(function () {
  "use strict";

  var PAGE = 20; // results shown at a time
  var POS = 16777216; // 2^24: a match is paragraph * POS + start, exact in a double

  var box = document.getElementById("search");
  if (!box) return;
  var root = box.getAttribute("data-root") || "";
  var indexUrl = root + "search/";
  var goBtn = document.getElementById("search-go");
  var input = document.getElementById("search-q");
  var regionSel = document.getElementById("search-region");
  var yearSel = document.getElementById("search-year");
  var kindSel = document.getElementById("search-kind");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreBtn = document.getElementById("search-more");

  // ---- text folding: the same as publish/search/fold.py ----------------------------

  function searchFold(s) {
    return s
      .replace(/[\uFF01-\uFF5E]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      })
      .replace(/[\s\u0085\0]/g, " ")
      .replace(/[A-Z]/g, function (c) {
        return c.toLowerCase();
      });
  }

  function queryTerms(q) {
    var seen = new Set(); // not an object: "constructor" or "__proto__" are words too
    return searchFold(q)
      .split(" ")
      .filter(function (t) {
        if (!t || seen.has(t)) return false;
        seen.add(t);
        return true;
      });
  }

  function codePoints(s) {
    return Array.from(s).map(function (c) {
      return c.codePointAt(0);
    });
  }

  function gramHash(c1, c2) {
    var h = (Math.imul(c1, 0x9e3779b1) + c2) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }

  // ---- fetching: every file once ------------------------------------------------------

  var cache = Object.create(null);

  function load(name, asJson) {
    if (!cache[name]) {
      // meta.json as it is; the postings stored gzip-compressed (static/fetch-data.js)
      cache[name] = asJson ? fetch(indexUrl + name).then(function (r) {
        if (!r.ok) throw new Error(name + ": HTTP " + r.status);
        return r.json();
      }) : window.fetchBytes(indexUrl + name);
      cache[name].catch(function () { delete cache[name]; });
    }
    return cache[name];
  }

  // LEB128 varints, as written by publish/search/postings.py.
  function Reader(bytes, start, end) {
    this.b = bytes;
    this.i = start || 0;
    this.end = end === undefined ? bytes.length : end;
  }
  Reader.prototype.next = function () {
    var v = 0, mul = 1, byte;
    do {
      byte = this.b[this.i++];
      v += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return v;
  };
  Reader.prototype.more = function () {
    return this.i < this.end;
  };

  // A shard: header of (code points…, length * 2 + external), then the bodies.
  function parseShard(bytes, width) {
    var r = new Reader(bytes), count = r.next(), heads = [], i, k;
    for (i = 0; i < count; i++) {
      var cps = [];
      for (k = 0; k < width; k++) cps.push(r.next());
      var info = r.next();
      heads.push([cps.join(","), Math.floor(info / 2), info % 2]);
    }
    var map = Object.create(null), at = r.i;
    heads.forEach(function (h) {
      if (h[2]) map[h[0]] = null;
      else {
        map[h[0]] = [at, at + h[1]];
        at += h[1];
      }
    });
    return { bytes: bytes, map: map };
  }

  var shards = Object.create(null);
  function body(kind, gram) {
    var count = meta[kind === "b" ? "bigram_shards" : "unigram_shards"];
    var n = gramHash(gram[0], gram.length > 1 ? gram[1] : 0) & (count - 1);
    var name = kind + "/" + n + ".bin";
    if (!shards[name]) {
      shards[name] = load(name).then(function (b) { return parseShard(b, kind === "b" ? 2 : 1); });
    }
    return shards[name].then(function (shard) {
      var key = gram.join(",");
      if (!(key in shard.map)) return null;
      var where = shard.map[key];
      if (where === null) {
        var file = gram.map(function (c) { return c.toString(16); }).join("-");
        return load(kind + "/x/" + file + ".bin").then(function (b) { return new Reader(b); });
      }
      return new Reader(shard.bytes, where[0], where[1]);
    });
  }

  // ---- the query ----------------------------------------------------------------------

  function coverOffsets(length) {
    var out = [];
    for (var k = 0; k < length - 1; k += 2) out.push(k);
    if (out[out.length - 1] !== length - 2) out.push(length - 2);
    return out;
  }

  // Sorted match keys (paragraph * POS + start) of the bigram at offset k.
  function starts(reader, k) {
    var out = [];
    if (!reader) return out;
    var para = 0;
    while (reader.more()) {
      var head = reader.next();
      para += Math.floor(head / 2);
      var n = head % 2 ? 1 : reader.next();
      var pos = 0;
      for (var j = 0; j < n; j++) {
        pos += reader.next();
        if (pos >= k) out.push(para * POS + pos - k);
      }
    }
    return out;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else {
        out.push(a[i]);
        i++;
        j++;
      }
    }
    return out;
  }

  // Sorted ids of the paragraphs that contain `term` (folded, non-empty).
  function termParagraphs(term) {
    var cps = codePoints(term);
    if (cps.length === 1) {
      return body("u", cps).then(function (reader) {
        var out = [], para = 0;
        if (reader) while (reader.more()) out.push((para += reader.next()));
        return out;
      });
    }
    var offsets = coverOffsets(cps.length);
    return Promise.all(
      offsets.map(function (k) { return body("b", [cps[k], cps[k + 1]]); })
    ).then(function (readers) {
      var found = null;
      for (var i = 0; i < offsets.length; i++) {
        var s = starts(readers[i], offsets[i]);
        found = found === null ? s : intersect(found, s);
        if (!found.length) return [];
      }
      var out = [];
      found.forEach(function (key) {
        var p = Math.floor(key / POS);
        if (out[out.length - 1] !== p) out.push(p);
      });
      return out;
    });
  }

  var meta = null;
  var reportStart = [];
  var partKinds = [], classChars = "";

  function reportOf(p) {
    var lo = 0, hi = reportStart.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (reportStart[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function classOf(p) {
    var v = classChars.indexOf(meta.classes.charAt(p));
    return { kind: partKinds[v % partKinds.length], flag: Math.floor(v / partKinds.length) };
  }

  function kindMatches(cls, kind) {
    if (!kind) return true;
    return kind === "targets" ? cls.flag === 2 : cls.kind === kind;
  }

  function areaNames(id) {
    if (!id) return null;
    for (var i = 0; i < meta.areas.length; i++) {
      if (meta.areas[i].id === id) return meta.areas[i].names;
    }
    return ["\0"]; // an unknown region matches nothing, as in query.py
  }

  function inArea(report, names) {
    var own = meta.regions[meta.reports.region[report]].names;
    for (var i = 0; i < names.length; i++) if (own[i] !== names[i]) return false;
    return true;
  }

  // Every matching paragraph, filtered, in result order: headings and the targets
  // passage first, then by paragraph id (the index lists the newest year first).
  function search(q, region, year, kind) {
    var terms = queryTerms(q);
    if (!terms.length) return Promise.resolve({ terms: terms, results: [] });
    var byLength = terms.slice().sort(function (a, b) { return b.length - a.length; });
    return Promise.all(byLength.map(termParagraphs)).then(function (sets) {
      var common = sets.reduce(intersect);
      var names = areaNames(region);
      var y = year ? parseInt(year, 10) : null;
      var results = [];
      common.forEach(function (p) {
        var r = reportOf(p);
        if (names && !inArea(r, names)) return;
        if (y !== null && meta.reports.year[r] !== y) return;
        var cls = classOf(p);
        if (!kindMatches(cls, kind)) return;
        results.push({ p: p, r: r, cls: cls, boosted: cls.flag > 0 });
      });
      results.sort(function (a, b) {
        return a.boosted === b.boosted ? a.p - b.p : a.boosted ? -1 : 1;
      });
      return { terms: terms, results: results };
    });
  }

  // ---- showing results --------------------------------------------------------------

  // A report's URL and paragraphs, every part's in order, from its data/reports/<id>.json.gz
  // (the compare-any-two page's file: the index holds no text). Fetched once however
  // many of its paragraphs are shown.
  var texts = Object.create(null);
  function reportText(r) {
    if (!texts[r]) {
      var name = meta.texts + encodeURIComponent(meta.reports.id[r]) + meta.texts_suffix;
      texts[r] = window.fetchJson(indexUrl + name).then(function (report) {
        var paras = [];
        report.parts.forEach(function (part) { paras.push.apply(paras, part.paragraphs); });
        return { url: report.url, paragraphs: paras };
      });
      texts[r].catch(function () { delete texts[r]; });
    }
    return texts[r];
  }

  // A paragraph's place in its report is its id less the report's first.
  function paragraph(p) {
    var r = reportOf(p);
    return reportText(r).then(function (report) {
      var e = report.paragraphs[p - reportStart[r]];
      return { url: report.url, anchor: e.anchor, text: e.text };
    });
  }

  // [start, end) of every occurrence of every term in the folded text, merged.
  function occurrences(folded, terms) {
    var spans = [];
    terms.forEach(function (t) {
      var at = folded.indexOf(t);
      while (at >= 0) {
        spans.push([at, at + t.length]);
        at = folded.indexOf(t, at + 1);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    });
    return merged;
  }

  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  // The excerpt: about 40 characters before the first match and 100 after, with every
  // match in a <mark>. Built from text nodes: the report text is never parsed as HTML.
  function excerpt(text, spans) {
    var el = document.createElement("p");
    el.className = "search-excerpt";
    var from = Math.max(0, spans[0][0] - 40);
    var to = Math.min(text.length, Math.max(from + 140, spans[0][1] + 20));
    if (from > 0 && isLowSurrogate(text, from)) from--;
    if (to < text.length && isLowSurrogate(text, to)) to++;
    if (from > 0) el.appendChild(document.createTextNode("…"));
    var at = from;
    spans.forEach(function (s) {
      if (s[1] <= from || s[0] >= to) return;
      var a = Math.max(s[0], from), b = Math.min(s[1], to);
      if (a > at) el.appendChild(document.createTextNode(text.slice(at, a)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      el.appendChild(mark);
      at = b;
    });
    if (to > at) el.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) el.appendChild(document.createTextNode("…"));
    return el;
  }

  // A result as soon as the index has found it: its region, year and part come from
  // meta.json, and its link goes to its report's page (render/plan.py: reports/<id>.html).
  // The excerpt and the paragraph's anchor need the report's text: until complete() has
  // them the item is aria-busy and its excerpt keeps an excerpt's room (search.css).
  function resultItem(res) {
    var li = document.createElement("li");
    li.className = "search-result";
    li.setAttribute("data-kind", res.cls.kind);
    li.setAttribute("aria-busy", "true");
    if (res.cls.flag === 1) li.classList.add("search-result-heading"); // a one-line excerpt
    var year = meta.reports.year[res.r];
    var head = document.createElement("p");
    head.className = "search-result-head";
    var link = document.createElement("a");
    link.href = root + "reports/" + encodeURIComponent(meta.reports.id[res.r]) + ".html";
    var region = document.createElement("span");
    region.className = "search-region";
    region.textContent = meta.regions[meta.reports.region[res.r]].label;
    var when = document.createElement("span");
    when.className = "search-year";
    when.textContent = year === null ? "年份不详" : year + "年";
    link.appendChild(region);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(when);
    head.appendChild(link);
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent =
      res.cls.flag === 2 ? meta.kind_labels.targets : meta.part_labels[res.cls.kind] || res.cls.kind;
    head.appendChild(document.createTextNode(" "));
    head.appendChild(kind);
    if (res.cls.flag === 1) {
      var badge = document.createElement("span");
      badge.className = "search-badge";
      badge.textContent = "标题";
      head.appendChild(document.createTextNode(" "));
      head.appendChild(badge);
    }
    li.appendChild(head);
    var waiting = document.createElement("p");
    waiting.className = "search-excerpt";
    li.appendChild(waiting);
    return li;
  }

  // The paragraph's text arrived: the link goes to its anchor, the excerpt is shown.
  function complete(li, para, terms) {
    var link = li.querySelector(".search-result-head a");
    link.href = root + para.url + "#" + encodeURIComponent(para.anchor);
    link.setAttribute("data-anchor", para.anchor);
    li.replaceChild(excerpt(para.text, occurrences(searchFold(para.text), terms)), li.lastChild);
    li.removeAttribute("aria-busy");
  }

  // ---- texts fetched as results come near ---------------------------------------------

  // A report's text is ~30 KB: it is fetched when one of its results comes within NEAR
  // screens of the viewport, not for every result listed (most are below the fold).
  var NEAR = 1;
  var observer =
    typeof IntersectionObserver === "function"
      ? new IntersectionObserver(
          function (entries) {
            entries.forEach(function (e) {
              if (e.isIntersecting) fill(e.target);
            });
          },
          { rootMargin: NEAR * 100 + "% 0px" }
        )
      : null;
  var pending = new Map(); // li -> {run, res, loading}, until its excerpt is shown

  function isNear(li) {
    var rect = li.getBoundingClientRect();
    var h = window.innerHeight || document.documentElement.clientHeight;
    return rect.bottom >= -NEAR * h && rect.top <= (1 + NEAR) * h;
  }

  // Show a listed result's excerpt; resolves when it is shown (or dropped, or failed).
  function fill(li) {
    var item = pending.get(li);
    if (!item) return Promise.resolve();
    if (item.loading) return item.loading;
    var run = item.run;
    item.loading = paragraph(item.res.p).then(
      function (para) {
        if (run !== current) return;
        pending.delete(li);
        if (observer) observer.unobserve(li);
        var folded = searchFold(para.text);
        // The index promises every word is there; check before showing it anyway.
        if (!run.terms.every(function (t) { return folded.indexOf(t) >= 0; })) {
          if (window.console) console.error("search index: no match in", para.url, para.anchor);
          list.removeChild(li);
          run.count--;
          if (box.getAttribute("data-state") === "done") statusEl.textContent = summary(run);
          return;
        }
        complete(li, para, run.terms);
      },
      function (err) {
        item.loading = null; // tried again when it comes near again
        if (run !== current) return;
        li.lastChild.textContent =
          "无法加载这段文字（" + (err && err.message ? err.message : err) + "）。";
        li.removeAttribute("aria-busy");
      }
    );
    return item.loading;
  }

  // ---- the page ---------------------------------------------------------------------

  var current = null; // {id, terms, results, shown}
  var runs = 0;

  function setState(state, message) {
    box.setAttribute("data-state", state);
    statusEl.textContent = message;
  }

  function summary(found) {
    var n = found.count, terms = found.terms;
    if (!terms.length) return "";
    if (!n) return "没有找到包含“" + terms.join(" ") + "”的段落。";
    var reports = {};
    found.results.forEach(function (res) { reports[res.r] = true; });
    return "共 " + n.toLocaleString("zh-CN") + " 个段落，来自 " +
      Object.keys(reports).length.toLocaleString("zh-CN") + " 篇报告。";
  }

  // The next 20 results, listed at once in their order; the page is "done" when those
  // on screen or near it show their excerpts, the others follow as they come near.
  function showMore() {
    var run = current;
    var batch = run.results.slice(run.shown, run.shown + PAGE);
    run.shown += batch.length;
    box.setAttribute("data-state", "loading");
    var items = batch.map(function (res) {
      var li = resultItem(res);
      pending.set(li, { run: run, res: res, loading: null });
      list.appendChild(li);
      return li;
    });
    moreBtn.hidden = run.shown >= run.results.length;
    moreBtn.textContent = "显示更多（还有 " + (run.results.length - run.shown) + " 个）";
    var first = observer ? items.filter(isNear) : items;
    if (observer) items.forEach(function (li) { observer.observe(li); });
    return Promise.all(first.map(fill)).then(function () {
      if (run !== current) return;
      setState("done", summary(run));
    });
  }

  function params() {
    return {
      q: input.value,
      region: regionSel.value,
      year: yearSel.value,
      kind: kindSel.value,
    };
  }

  function updateUrl(p) {
    var qs = new URLSearchParams();
    Object.keys(p).forEach(function (k) { if (p[k]) qs.set(k, p[k]); });
    var s = qs.toString();
    try {
      history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
    } catch (e) {
      /* some browsers refuse replaceState on file: pages; the results still show */
    }
  }

  function run() {
    var p = params();
    updateUrl(p);
    var id = ++runs;
    var terms = queryTerms(p.q);
    current = null; // a page of results still loading for the last query is dropped
    if (observer) observer.disconnect();
    pending = new Map();
    list.textContent = "";
    moreBtn.hidden = true;
    if (!terms.length) {
      current = null;
      setState("done", "");
      return Promise.resolve();
    }
    setState("loading", "正在查找……");
    return ready
      .then(function () { return search(p.q, p.region, p.year, p.kind); })
      .then(function (found) {
        if (id !== runs) return;
        current = { terms: found.terms, results: found.results, shown: 0, count: found.results.length };
        box.setAttribute("data-query", p.q);
        setState("loading", summary(current));
        if (current.results.length) return showMore();
        setState("done", summary(current));
      })
      .catch(function (err) {
        if (id !== runs) return;
        failed(err);
      });
  }

  function failed(err) {
    var message = location.protocol === "file:"
      ? "直接从磁盘打开时无法搜索：浏览器不允许本页读取索引文件。请通过网址访问本站，例如在网站目录运行 build-site serve 后打开它给出的地址。"
      : "无法加载搜索索引（" + (err && err.message ? err.message : err) + "）。请稍后重试。";
    box.setAttribute("data-state", "error");
    statusEl.textContent = message;
    statusEl.classList.add("search-error");
  }

  // meta.json writes each region name once (catalog.compact): areas are [id, parent,
  // name], regions [area, label]; give both their full list of names again.
  function expand(m) {
    m.areas = m.areas.map(function (a) {
      return { id: a[0], parent: a[1], name: a[2] };
    });
    m.areas.forEach(function (a) {
      a.names = (a.parent >= 0 ? m.areas[a.parent].names : []).concat([a.name]);
    });
    m.regions = m.regions.map(function (r) {
      return { names: r[0] >= 0 ? m.areas[r[0]].names : [], label: r[1] };
    });
  }

  var ready = load("meta.json", true).then(function (m) {
    expand(m);
    meta = m;
    partKinds = m.part_kinds;
    classChars = m.class_chars;
    // Each report's first paragraph id: its block is its count rounded up to a multiple
    // of the chunk (publish/search/index.py block()); the ids at a block's end are gaps.
    var at = 0;
    reportStart = m.reports.paragraphs.map(function (n) {
      var s = at;
      at += Math.ceil(n / m.chunk) * m.chunk;
      return s;
    });
  });
  ready.catch(failed);

  // Open with the URL's query and filters: search/?q=…&region=…&year=…&kind=…
  var given = new URLSearchParams(location.search);
  input.value = given.get("q") || "";
  [[regionSel, "region"], [yearSel, "year"], [kindSel, "kind"]].forEach(function (pair) {
    var v = given.get(pair[1]);
    if (v && Array.prototype.some.call(pair[0].options, function (o) { return o.value === v; })) {
      pair[0].value = v;
    }
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  [regionSel, yearSel, kindSel].forEach(function (sel) { sel.addEventListener("change", run); });
  // No <form>: results follow the typing; Enter and the button just search at once.
  function now() {
    clearTimeout(timer);
    run();
  }
  goBtn.addEventListener("click", now);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") now();
  });
  moreBtn.addEventListener("click", function () {
    if (current) showMore();
  });

  if (location.protocol === "file:") failed(new Error("file"));
  else run();
})();
