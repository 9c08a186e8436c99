/* Compare any two reports in the browser (compare/index.html?a=<id>&b=<id>).

   Loads data/reports/<id>.json.gz of both reports and aligns them the way the precomputed
   compare pages do (analyse/align.py): parts by kind (review, outlook, plan …), inside a
   kind subsections by the similarity of their whole text, then paragraphs by the
   similarity of their character bigrams, in order; the two targets passages pinned to
   each other; leftovers that are clearly the same text paired as moved. Aligned
   paragraphs get a character redline from jsdiff (static/vendor/diff-9.0.0.min.js), with
   equal runs of fewer than 3 characters between two changes folded into the change.
   Text is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var FAMILY_OF = {
    opening: "opening", excerpt: "review", review: "review", outlook: "outlook",
    plan: "plan", other: "other", closing: "closing"
  };
  var FAMILIES = ["opening", "review", "outlook", "plan", "other", "closing"];
  var LABELS = {
    opening: "开场", review: "工作回顾", outlook: "五年目标", plan: "年度工作安排",
    other: "其他部分", closing: "结束语"
  };
  var STATUS = { same: "未变", changed: "修改", "new": "新增", dropped: "删除" };
  var MIN_SIMILARITY = 0.3, MIN_INSIDE = 0.15, MIN_BLOCK = 0.15, MOVED = 0.5, PIN = 10;
  var MIN_EQUAL = 3, WHOLE_BELOW = 0.25;

  var statusEl = document.getElementById("cmp-status");
  var result = document.getElementById("cmp-result");
  var pickA = document.getElementById("pick-a");
  var pickB = document.getElementById("pick-b");
  if (!statusEl || !result || !pickA || !pickB) return;

  function say(text) { statusEl.textContent = text; }

  function normalise(s) {
    return s.normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase();
  }

  function grams(text) {
    var n = normalise(text), out = new Set();
    if (n.length === 1) out.add(n);
    for (var i = 0; i + 1 < n.length; i++) out.add(n.slice(i, i + 2));
    return out;
  }

  function dice(x, y) {
    if (!x.size || !y.size) return 0;
    var small = x.size < y.size ? x : y, big = small === x ? y : x, shared = 0;
    small.forEach(function (g) { if (big.has(g)) shared++; });
    return 2 * shared / (x.size + y.size);
  }

  function union(items) {
    var out = new Set();
    items.forEach(function (it) { it.grams.forEach(function (g) { out.add(g); }); });
    return out;
  }

  /* The monotone matching of largest total weight (weights[i][j] > 0 where allowed). */
  function heaviestChain(n, m, weight) {
    var best = [], i, j;
    for (i = 0; i <= n; i++) best.push(new Float64Array(m + 1));
    for (i = 1; i <= n; i++) {
      for (j = 1; j <= m; j++) {
        var w = weight(i - 1, j - 1), v = Math.max(best[i - 1][j], best[i][j - 1]);
        if (w > 0) v = Math.max(v, best[i - 1][j - 1] + w);
        best[i][j] = v;
      }
    }
    var chain = [];
    i = n; j = m;
    while (i > 0 && j > 0) {
      var w2 = weight(i - 1, j - 1);
      if (w2 > 0 && best[i][j] === best[i - 1][j - 1] + w2) { chain.push([i - 1, j - 1]); i--; j--; }
      else if (best[i][j] === best[i - 1][j]) i--;
      else j--;
    }
    return chain.reverse();
  }

  function items(report) {
    var out = {};
    report.parts.forEach(function (part) {
      var fam = FAMILY_OF[part.kind];
      if (!fam) return;
      (out[fam] = out[fam] || []).push.apply(out[fam], part.paragraphs.filter(function (p) {
        return p.text.trim();
      }).map(function (p) {
        return { para: p, part: part, grams: grams(p.text), starts: !!p.starts };
      }));
    });
    return out;
  }

  function alignItems(xs, ys, pins, threshold) {
    var chain = heaviestChain(xs.length, ys.length, function (i, j) {
      var x = xs[i], y = ys[j];
      if (x.para.role !== y.para.role) return 0;
      var s = dice(x.grams, y.grams);
      if (pins.has(x.para.anchor + "\u0000" + y.para.anchor)) return PIN + s;
      return s >= threshold ? s : 0;
    });
    var rows = [], next = 0;
    var at = {};
    chain.forEach(function (c) { at[c[1]] = c[0]; });
    ys.forEach(function (y, j) {
      if (j in at) {
        var i = at[j];
        for (; next < i; next++) rows.push({ a: xs[next], b: null });
        rows.push({ a: xs[i], b: y, sim: dice(xs[i].grams, y.grams) });
        next = i + 1;
      } else rows.push({ a: null, b: y });
    });
    for (; next < xs.length; next++) rows.push({ a: xs[next], b: null });
    return rows;
  }

  function blocks(list) {
    var out = [];
    list.forEach(function (it) {
      if (!out.length || it.starts) out.push([]);
      out[out.length - 1].push(it);
    });
    return out;
  }

  function alignFamily(xs, ys, pins) {
    var bx = blocks(xs), by = blocks(ys);
    var gx = bx.map(union), gy = by.map(union);
    var chain = heaviestChain(bx.length, by.length, function (i, j) {
      var s = dice(gx[i], gy[j]);
      return s >= MIN_BLOCK ? s : 0;
    });
    var rows = [], li = -1, lj = -1;
    chain.concat([[bx.length, by.length]]).forEach(function (c) {
      var i = c[0], j = c[1];
      var gapX = [].concat.apply([], bx.slice(li + 1, i)), gapY = [].concat.apply([], by.slice(lj + 1, j));
      rows = rows.concat(alignItems(gapX, gapY, pins, MIN_SIMILARITY));
      if (i < bx.length) {
        var local = new Set(pins), x0 = bx[i][0], y0 = by[j][0];
        if (x0.para.role === y0.para.role && x0.para.role !== "body") local.add(x0.para.anchor + "\u0000" + y0.para.anchor);
        rows = rows.concat(alignItems(bx[i], by[j], local, MIN_INSIDE));
      }
      li = i; lj = j;
    });
    return pairMoved(rows);
  }

  function pairMoved(rows) {
    var dropped = rows.filter(function (r) { return !r.b; });
    var added = rows.filter(function (r) { return !r.a; });
    var cands = [];
    dropped.forEach(function (d) {
      added.forEach(function (n) {
        if (d.a.para.role !== n.b.para.role) return;
        var s = dice(d.a.grams, n.b.grams);
        if (s >= MOVED) cands.push([s, d, n]);
      });
    });
    cands.sort(function (p, q) { return q[0] - p[0]; });
    var gone = new Set(), moved = new Map();
    cands.forEach(function (c) {
      if (!gone.has(c[1]) && !moved.has(c[2])) { gone.add(c[1]); moved.set(c[2], c); }
    });
    var out = [];
    rows.forEach(function (r) {
      if (gone.has(r)) return;
      if (moved.has(r)) { var c = moved.get(r); out.push({ a: c[1].a, b: r.b, sim: c[0], moved: true }); }
      else out.push(r);
    });
    return out;
  }

  /* [tag, aText, bText] runs, short equal runs between changes folded into them. */
  function redline(a, b) {
    if (a.normalize("NFKC") === b.normalize("NFKC")) return [["equal", a, b]];
    if (dice(grams(a), grams(b)) < WHOLE_BELOW) return [["replace", a, b]];
    var runs = [];
    window.Diff.diffChars(a, b).forEach(function (part) {
      var v = part.value;
      if (part.added) runs.push(["insert", "", v]);
      else if (part.removed) runs.push(["delete", v, ""]);
      else runs.push(["equal", v, v]);
    });
    var out = [];
    runs.forEach(function (r, n) {
      var inner = n > 0 && n < runs.length - 1;
      if (r[0] === "equal" && !(inner && r[2].length < MIN_EQUAL)) { out.push(r); return; }
      var last = out.length && out[out.length - 1][0] !== "equal" ? out.pop() : ["", "", ""];
      var aText = last[1] + r[1], bText = last[2] + r[2];
      out.push([!bText ? "delete" : !aText ? "insert" : "replace", aText, bText]);
    });
    return out;
  }

  function cssString(text) {
    return "'" + text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\a ") + "'";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function cell(side, label, row, ops, reportUrl, whole) {
    var div = el("div", "cmp-" + side);
    var item = side === "a" ? row.a : row.b;
    if (!item) { div.className += " empty"; return div; }
    if (side === "b" && row.status !== "same") {
      div.appendChild(el("b", "", STATUS[row.status] + (row.moved ? "（位置调整）" : "")));
      div.appendChild(document.createTextNode(" "));
    }
    if (whole) div.appendChild(document.createTextNode(item.para.text));
    else ops.forEach(function (op) {
      if (op[0] === "equal") div.appendChild(document.createTextNode(side === "a" ? op[1] : op[2]));
      else if (side === "a") { if (op[1]) div.appendChild(el("del", "", op[1])); }
      else {
        if (op[1]) div.appendChild(el("del", "inline-only", op[1]));
        if (op[2]) div.appendChild(el("ins", "", op[2]));
      }
    });
    var link = el("a", "", "¶");
    link.href = "../" + reportUrl + "#" + encodeURIComponent(item.para.anchor);
    link.setAttribute("aria-label", label + "原文");
    div.appendChild(document.createTextNode(" "));
    div.appendChild(link);
    return div;
  }

  function render(A, B) {
    var fa = items(A), fb = items(B);
    var pins = new Set();
    if (A.targets_anchor && B.targets_anchor) pins.add(A.targets_anchor + "\u0000" + B.targets_anchor);
    var la = A.region === B.region ? A.year + "年" : A.region;
    var lb = A.region === B.region ? B.year + "年" : B.region;
    if (la === lb) { la = "左"; lb = "右"; }
    var totals = { kept: 0, changed: 0, "new": 0, dropped: 0, a: 0, b: 0 };
    var body = el("div", "cmp-body");
    /* The column labels of the phone layout (static/texts.css shows them). */
    body.style.setProperty("--a", cssString(la));
    body.style.setProperty("--b", cssString(lb));
    FAMILIES.forEach(function (fam) {
      if (!fa[fam] && !fb[fam]) return;
      var sec = el("section", "cmp-section");
      sec.id = "js-sec-" + fam;
      sec.appendChild(el("h2", "", LABELS[fam]));
      alignFamily(fa[fam] || [], fb[fam] || [], pins).forEach(function (row) {
        var ops = [], whole = !(row.a && row.b);
        if (row.a) totals.a += row.a.para.text.length;
        if (row.b) totals.b += row.b.para.text.length;
        if (row.a && row.b) {
          ops = redline(row.a.para.text, row.b.para.text);
          ops.forEach(function (op) { totals[op[0] === "equal" ? "kept" : "changed"] += op[2].length; });
          row.status = ops.length === 1 && ops[0][0] === "equal" ? "same" : "changed";
        } else if (row.b) { row.status = "new"; totals["new"] += row.b.para.text.length; }
        else { row.status = "dropped"; totals.dropped += row.a.para.text.length; }
        var div = el("div", "cmp-row st-" + row.status + (row.moved ? " moved" : "") + " role-" + (row.b || row.a).para.role);
        div.appendChild(cell("a", la, row, ops, A.url, whole));
        div.appendChild(cell("b", lb, row, ops, B.url, whole));
        sec.appendChild(div);
      });
      body.appendChild(sec);
    });
    function pct(x, of) { return of ? Math.round(100 * x / of) + "%" : "—"; }
    var head = el("section", "compare-summary");
    var h = el("h2", "", "对比结果");
    head.appendChild(h);
    var p = el("p", "summary");
    var aLink = el("a", "", A.title), bLink = el("a", "", B.title);
    aLink.href = "../" + A.url; bLink.href = "../" + B.url;
    p.appendChild(aLink); p.appendChild(document.createTextNode("（左，" + la + "）与 "));
    p.appendChild(bLink); p.appendChild(document.createTextNode("（右，" + lb + "）"));
    head.appendChild(p);
    var dl = el("dl", "shares");
    [["保留", pct(totals.kept, totals.b)], ["修改", pct(totals.changed, totals.b)],
     ["新增", pct(totals["new"], totals.b)], ["删除", pct(totals.dropped, totals.a)]].forEach(function (s) {
      var d = el("div", "share");
      d.appendChild(el("dt", "", s[0]));
      d.appendChild(el("dd", "", s[1]));
      dl.appendChild(d);
    });
    head.appendChild(dl);
    var modes = document.createDocumentFragment();
    [["cmp-mode-side", true], ["cmp-mode-inline", false]].forEach(function (m) {
      var input = el("input", "cmp-mode");
      input.type = "radio"; input.name = "cmp-mode"; input.id = m[0]; input.checked = m[1];
      modes.appendChild(input);
    });
    var bar = el("div", "cmp-modes");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "显示方式");
    [["cmp-mode-side", "并排显示"], ["cmp-mode-inline", "合并显示"]].forEach(function (m) {
      var lab = el("label", "", m[1]);
      lab.htmlFor = m[0];
      bar.appendChild(lab);
    });
    modes.appendChild(bar);
    result.textContent = "";
    result.appendChild(head);
    result.appendChild(modes);
    result.appendChild(body);
    result.setAttribute("data-ready", "1");
  }

  function validId(select, id) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === id; });
  }

  function load(id) {
    return window.fetchJson("../data/reports/" + encodeURIComponent(id) + ".json.gz");
  }

  var params = new URLSearchParams(window.location.search);
  var a = params.get("a"), b = params.get("b");
  if (!a || !b) return;
  if (!validId(pickA, a) || !validId(pickB, b)) { say("没有这篇报告：" + (validId(pickA, a) ? b : a)); return; }
  pickA.value = a; pickB.value = b;
  if (window.location.protocol === "file:") {
    say("从本地文件打开时浏览器不允许读取数据：请用 build-site serve 或网页服务器打开本站。");
    return;
  }
  if (!window.Diff || !window.Diff.diffChars) { say("对比程序未能加载。"); return; }
  say("正在对比……");
  Promise.all([load(a), load(b)]).then(function (both) {
    render(both[0], both[1]);
    say("已对齐：" + both[0].title + " 与 " + both[1].title + "。");
  }).catch(function (err) { say("无法读取报告数据（" + err.message + "）。"); });
})();
