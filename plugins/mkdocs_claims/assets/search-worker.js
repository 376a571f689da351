// The search behind Material's search box (mkdocs-claims). Material's page script starts this worker, sends SETUP
// with search/search_index.json, then each QUERY, and draws the RESULT we answer: a list of groups of documents
// ({location, title, text, score, terms}); `text` is HTML. Online the records come from the Pagefind index in
// pagefind/, which loads only the chunks a query needs. The offline edition (file://, where Pagefind cannot load)
// sends the records themselves in SETUP (search/search_index.js), and they are searched here. A query that fails
// (Pagefind could not load) shows no results rather than an error; the next query tries again.
//
// A query may hold filters: verdict:false, topic:travel, audience:journalists (an id, a label, or the start of
// either). Each becomes a word the claim's record holds (render/search.py, filter_word), so it narrows the results
// like any other word. Han characters are matched as overlapping pairs, as the index stores them (with_han_bigrams).
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// Ten results, Material's first screenful: each costs a request for its record (20 took 26 requests and 0.7 s
// for a cold query at 10,000 claims). A reader narrows a query (more words, verdict:...) rather than scrolls.
var MAX_RESULTS = 10;
var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
var FILTER = /(?:^|\s)(verdict|topic|audience):("[^"]*"|\S*)/gi;
var engine = null, latest = 0, filterValues = {};

addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    var docs = (message.data && message.data.docs) || [];
    filterValues = (message.data && message.data.config && message.data.config.filters) || {};
    engine = docs.length ? offlineEngine(docs) : pagefindEngine();
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var id = ++latest;
    answer(String(message.data || "")).then(function (items) {
      if (id === latest) postMessage({ type: RESULT, data: { items: items, total: items.length } });
    }, function () {
      if (id === latest) postMessage({ type: RESULT, data: { items: [], total: 0 } });
    });
  }
});

function answer(input) {
  var query = parseQuery(input);
  if (!query.words.length && !Object.keys(query.filters).length) return Promise.resolve([]);
  var filterWords = [];
  for (var name in query.filters) {
    var id = filterId(filterValues[name] || {}, query.filters[name]);
    if (id === null) return Promise.resolve([]);  // no such verdict, topic or audience: nothing matches
    filterWords.push("mcfilter" + (name + id).toLowerCase().replace(/[^a-z0-9]/g, "") + "end");
  }
  query.filterWords = filterWords;
  return engine(query);
}

// The id of the value the reader named: an id or label, else the first that starts with what they typed.
function filterId(values, typed) {
  var ids = Object.keys(values);
  var named = function (id) { return [id.toLowerCase(), String(values[id]).toLowerCase()]; };
  return ids.filter(function (id) { return named(id).indexOf(typed) !== -1; })[0] ||
    ids.filter(function (id) { return named(id).some(function (n) { return n.indexOf(typed) === 0; }); })[0] || null;
}

// Words and filters of what the reader typed (Material passes the box's text as it is).
function parseQuery(input) {
  var filters = {};
  var rest = input.replace(FILTER, function (_, name, value) {
    value = value.replace(/^"|"$/g, "").trim().toLowerCase();
    if (value) filters[name.toLowerCase()] = value;
    return " ";
  });
  var words = rest.toLowerCase().replace(/[+*~^"]/g, " ").split(/\s+/).filter(Boolean);
  return { words: words, filters: filters, text: words.join(" ") };
}

// A query's Han runs as the overlapping pairs the index holds; a single character stays (it prefix-matches pairs).
function hanPairs(text) {
  return text.replace(HAN, function (run) {
    if (run.length < 2) return run;
    var pairs = [];
    for (var i = 0; i < run.length - 1; i++) pairs.push(run.slice(i, i + 2));
    return " " + pairs.join(" ") + " ";
  }).replace(/\s+/g, " ").trim();
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

// What a result shows under its title: a claim's verdict badge and short answer, else the matched passage.
function teaser(meta, excerpt) {
  var badge = meta.verdict ? '<span class="mc-badge" data-verdict="' + escapeHtml(meta.verdict) + '">' +
    escapeHtml(meta.verdict_label || meta.verdict) + "</span> " : "";
  return '<p class="md-search-result__teaser">' + badge + excerpt + "</p>";
}

function item(location, title, text, score, words) {
  var terms = {};
  words.forEach(function (word) { terms[word] = true; });
  return [{ location: location, title: escapeHtml(title), text: text, score: score, terms: terms }];
}

// --- online: Pagefind -----------------------------------------------------------------------------------------
// Pagefind loads on the first query, not with every page: a reader who never searches downloads none of it. If
// loading fails (the reader left the page, the network dropped), the next query tries again.
function pagefindEngine() {
  var base = new URL("../../pagefind/", self.location.href).href;
  var ready = null;
  function load() {
    ready = ready || import(base + "pagefind.js").then(function (pagefind) {
      // A match in a claim's own words (render/search.py, CLAIM_WORDS) counts as much as one in a title (5 is
      // Pagefind's own weight for titles): a claim comes before pages that only cite it.
      return pagefind.options({ basePath: base, excerptLength: 24,
                                ranking: { pageLength: 0.3, metaWeights: { title: 5, claim: 5 } } })
        .then(function () { return pagefind.init(); }).then(function () { return pagefind; });
    }).catch(function (error) { ready = null; throw error; });
    return ready;
  }
  return function (query) {
    return load().then(function (pagefind) {
      var term = query.filterWords.concat(hanPairs(query.text)).join(" ").trim();
      return pagefind.search(term).then(function (search) {
        var results = search.results.slice(0, MAX_RESULTS);
        return Promise.all(results.map(function (r) { return r.data(); })).then(function (pages) {
          var han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(query.text);
          return pages.map(function (page, i) {
            var meta = page.meta || {};
            // Pagefind's excerpt marks the words found; for Han queries it would show the stored pairs instead.
            var excerpt = meta.verdict || han || !page.excerpt ? escapeHtml(meta.text || "") : markOnly(page.excerpt);
            return item(page.url, meta.title || page.url, teaser(meta, excerpt), results[i].score, query.words);
          });
        });
      });
    });
  };
}

// Pagefind's excerpt is the record's text with <mark> around the words found: keep only those tags.
function markOnly(excerpt) {
  return escapeHtml(excerpt).replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
}

// --- offline edition: the records, searched here -----------------------------------------------------------------
function offlineEngine(docs) {
  return function (query) {
    var words = query.filterWords.concat(query.words).join(" ").split(" ").filter(Boolean);
    var found = [];
    docs.forEach(function (doc) {
      var title = doc.title.toLowerCase(), score = 0;
      for (var i = 0; i < words.length; i++) {
        var inContent = doc.content.indexOf(words[i]) !== -1;
        if (!inContent) return;
        score += title.indexOf(words[i]) !== -1 ? 10 : 1;
      }
      found.push([score + (doc.meta && doc.meta.verdict ? 1 : 0), doc]);
    });
    found.sort(function (a, b) { return b[0] - a[0]; });
    return Promise.resolve(found.slice(0, MAX_RESULTS).map(function (entry) {
      var doc = entry[1];
      return item(doc.location, doc.title, teaser(doc.meta || {}, escapeHtml(doc.text)), entry[0], query.words);
    }));
  };
}
