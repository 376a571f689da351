/* mkdocs-claims: "paste what you saw". Finds the claims closest to a sentence a reader saw, in English or Chinese,
   in the browser: no request leaves the site. The data (matcher-data.js, generated from claims/) is loaded the
   first time a reader uses the box. Scoring: TF-IDF cosine over words, their letter trigrams (typos) and Chinese
   character bigrams, against the claim, its quiz prompt and its known phrasings (variants); a claim scores as its
   best-matching text. */
(function () {
  "use strict";

  var OPTIONS;
  var STOP = ("a an and are as at be been but by can do does for from has have if in into is " +
    "it its just me my no not of on or so than that the their them then there these they this to up was we were " +
    "what when which who will with you your yes true really").split(" ");
  var stop = {};
  STOP.forEach(function (w) { stop[w] = 1; });
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

  function normalise(text) {
    return (text || "").normalize("NFKC").toLowerCase()
      .replace(/https?:\/\/\S+/g, " ").replace(/@\w+/g, " ").replace(/#/g, " ")
      .replace(/[^\p{L}\p{N}\u3400-\u9fff]+/gu, " ");
  }

  function stem(word) {
    return word.replace(/(ies)$/, "y").replace(/(ing|ed|es|s)$/, "").replace(/(.)\1$/, "$1");
  }

  // Features of a text with their weights: words, letter trigrams of words, Chinese bigrams and single characters.
  function features(text) {
    var out = {};
    function add(key, weight) { out[key] = (out[key] || 0) + weight; }
    normalise(text).split(" ").forEach(function (token) {
      if (!token) return;
      if (HAN.test(token)) {
        var chars = Array.from(token).filter(function (c) { return HAN.test(c); });
        chars.forEach(function (c, i) {
          add("c:" + c, OPTIONS.han);
          if (i + 1 < chars.length) add("b:" + c + chars[i + 1], 1);
        });
        return;
      }
      if (token.length < 2 || stop[token]) return;
      var word = stem(token);
      add("w:" + word, 1);
      var padded = " " + word + " ";
      for (var i = 0; i + 3 <= padded.length; i++) add("t:" + padded.slice(i, i + 3), OPTIONS.trigram);
    });
    return out;
  }

  // Words in most of a site's claims (its subject: "china" on one site, "food" on another) tell claims apart no
  // better than "the", so they join the stop words; a site never has to list them.
  function addSubjectWords(claims) {
    if (claims.length < 4) return;
    var seen = {};
    claims.forEach(function (claim) {
      var words = {};
      claim.texts.concat([claim.context || ""]).forEach(function (t) {
        normalise(t).split(" ").forEach(function (w) { if (w && !HAN.test(w)) words[w] = 1; });
      });
      Object.keys(words).forEach(function (w) { seen[w] = (seen[w] || 0) + 1; });
    });
    Object.keys(seen).forEach(function (w) { if (seen[w] > claims.length * OPTIONS.common) stop[w] = 1; });
  }

  function Matcher(data) {
    var docs = [];
    var df = {};
    addSubjectWords(data.claims);
    data.claims.forEach(function (claim, index) {
      // The claim and its phrasings count fully; the short answer and what is true or not, as context, less.
      claim.texts.map(function (t) { return [t, false]; }).concat([[claim.context || "", true]])
        .forEach(function (pair) {
          var f = features(pair[0]);
          docs.push({claim: index, f: f, context: pair[1]});
          Object.keys(f).forEach(function (k) { df[k] = (df[k] || 0) + 1; });
        });
    });
    var n = docs.length;
    this.idf = function (k) { return Math.log(1 + n / (1 + (df[k] || 0))); };
    var idf = this.idf;
    docs.forEach(function (d) { d.v = weigh(d.f, idf); });
    this.docs = docs;
    this.claims = data.claims;
  }

  function weigh(f, idf) {
    var v = {}, norm = 0;
    Object.keys(f).forEach(function (k) { v[k] = f[k] * idf(k); norm += v[k] * v[k]; });
    norm = Math.sqrt(norm) || 1;
    Object.keys(v).forEach(function (k) { v[k] /= norm; });
    return v;
  }

  Matcher.prototype.match = function (text, limit) {
    var q = weigh(features(text), this.idf);
    var best = {}, context = {};
    this.docs.forEach(function (d) {
      var score = 0;
      for (var k in q) if (d.v[k]) score += q[k] * d.v[k];
      if (d.context) context[d.claim] = score;
      else if (!(d.claim in best) || score > best[d.claim]) best[d.claim] = score;
    });
    var claims = this.claims;
    // A claim scores as its best-matching phrasing, plus some credit when its short answer shares the words too.
    return Object.keys(best).map(function (i) {
      return {claim: claims[i], score: best[i] + OPTIONS.context * (context[i] || 0)};
    })
      .sort(function (a, b) { return b.score - a.score; })
      .filter(function (r) { return r.score >= OPTIONS.threshold; })
      .slice(0, limit || 3);
  };

  // Weights of letter trigrams and single Chinese characters against whole words and Chinese bigrams; of the
  // context (short answer) against the claim and its phrasings; the score below which nothing matches; and the share
  // of claims above which a word is a subject word.
  OPTIONS = {trigram: 0.4, han: 0.3, context: 0.5, threshold: 0.18, common: 0.5};
  var matcher = null, loading = null;

  function load(root) {
    if (matcher) return Promise.resolve(matcher);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (window.mcMatcherData) { resolve(); return; }
      var script = document.createElement("script");
      script.src = root.getAttribute("data-matcher-src");
      script.onload = function () { resolve(); };
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () { matcher = new Matcher(window.mcMatcherData); return matcher; });
    return loading;
  }

  // Words come from messages.js through claims.js's msg (loaded before this file).
  function msg(key, values) { return window.mcMsg(key, values); }

  function show(root, results, text) {
    var list = root.querySelector(".mc-matcher-results");
    var status = root.querySelector(".mc-matcher-status");
    list.textContent = "";
    if (!text.trim()) { status.textContent = ""; return; }
    if (!results.length) {
      status.textContent = msg("matcherNone");
      return;
    }
    status.textContent = msg("matcherResults", {num: results.length});
    var base = root.getAttribute("data-base");
    results.forEach(function (r) {
      var c = r.claim;
      var item = document.createElement("li");
      var badge = document.createElement("span");
      badge.className = "mc-badge mc-badge--" + c.verdict;
      badge.setAttribute("data-verdict", c.verdict);
      badge.textContent = c.label;
      var link = document.createElement("a");
      link.href = base + c.url;
      link.textContent = c.claim;
      var answer = document.createElement("span");
      answer.className = "mc-matcher-answer";
      answer.textContent = c.answer;
      item.appendChild(badge);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(link);
      item.appendChild(answer);
      list.appendChild(item);
    });
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    root.hidden = false;
    var form = root.querySelector("form");
    var box = root.querySelector("textarea");
    var timer = null;
    function run() {
      var text = box.value;
      load(root).then(function (m) { show(root, m.match(text, 3), text); });
    }
    box.addEventListener("focus", function () { load(root); });
    box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  }

  window.mcMatcher = {features: features, Matcher: Matcher, options: OPTIONS};

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".mc-matcher"), setup);
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setupAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
