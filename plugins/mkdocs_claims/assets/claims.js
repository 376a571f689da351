/* mkdocs-claims: explorer filters, quiz, copy buttons. Plain JavaScript, no framework.
   Material loads pages with instant navigation, so everything hangs off document$ when it exists.
   Every word shown comes from messages.js (window.mcMessages), written at build time in the site's language. */
(function () {
  "use strict";

  // A message with its %(name)s placeholders filled; a plural message picks its form by values.num.
  function msg(key, values) {
    var messages = window.mcMessages || {};
    var text = messages[key];
    values = values || {};
    if (text && typeof text === "object") {
      var category = typeof Intl !== "undefined" && Intl.PluralRules ?
        new Intl.PluralRules(messages.lang).select(values.num) : (values.num === 1 ? "one" : "other");
      text = text[category] || text.other;
    }
    return String(text === undefined ? key : text).replace(/%\((\w+)\)s/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }
  window.mcMsg = msg;

  function setupExplorer(root) {
    var form = root.querySelector("#claim-filters");
    var list = root.querySelector("#claim-list");
    if (!form || !list || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var items = Array.prototype.slice.call(list.querySelectorAll(".mc-claim-item"));
    var count = root.querySelector("#claim-result-count");
    // Not "q": Material reads ?q= on every page and opens its search dialog with it.
    var fields = ["words", "verdict", "topic", "audience", "sort"];
    var sorters = {
      verdict: function (a, b) { return a.dataset.verdictRank - b.dataset.verdictRank; },
      topic: function (a, b) { return a.dataset.topicLabel.localeCompare(b.dataset.topicLabel); },
      updated: function (a, b) { return a.dataset.updated < b.dataset.updated ? 1 : a.dataset.updated > b.dataset.updated ? -1 : 0; }
    };

    function sortItems() {
      var sorter = sorters[form.elements.sort.value];
      // Array.prototype.sort is stable, so ties keep the A-to-Z order.
      var ordered = sorter ? items.slice().sort(sorter) : items;
      ordered.forEach(function (item) { list.appendChild(item); });
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (name) {
        var value = params.get(name);
        if (value !== null && form.elements[name]) form.elements[name].value = value;
      });
    }
    // A long explorer is cut over pages (data-all-claims): unfiltered, a page shows its own claims; once a filter
    // or a sort is chosen, every claim comes from explorer-data.js (a script, loaded once, so file:// works too).
    var allSrc = list.dataset.allClaims;
    var pageItems = items;
    var sample = list.querySelector(".mc-badge .mc-visually-hidden");
    var hiddenLabel = sample ? sample.textContent : "";
    var loading = false;
    function filtering() {
      return fields.some(function (name) { return form.elements[name].value.trim() !== ""; });
    }
    function loadAll() {
      if (loading) return;
      loading = true;
      if (count) count.textContent = msg("loadingAll");
      var script = document.createElement("script");
      script.src = allSrc;
      script.onload = function () { apply(true); };
      document.head.appendChild(script);
    }
    function itemFor(row, data) {
      var v = data.verdicts[row[2]];
      var li = document.createElement("li");
      li.className = "mc-claim-item";
      li.dataset.search = row[6];
      li.dataset.verdict = row[2];
      li.dataset.verdictRank = v[1];
      li.dataset.updated = row[3];
      li.dataset.topicLabel = data.topics[row[4][0]] || "";
      li.dataset.topics = row[4].join(" ");
      li.dataset.audiences = row[5].join(" ");
      var badge = document.createElement("span");
      badge.className = "mc-badge mc-badge--" + row[2];
      badge.dataset.verdict = row[2];
      var hidden = document.createElement("span");
      hidden.className = "mc-visually-hidden";
      hidden.textContent = hiddenLabel;  // the page's own badge words, in the site's language
      badge.appendChild(hidden);
      badge.appendChild(document.createTextNode(v[0]));
      var link = document.createElement("a");
      link.href = list.dataset.base + row[0];
      link.textContent = row[1];
      var meta = document.createElement("span");
      meta.className = "mc-claim-meta";
      meta.textContent = row[4].map(function (t) { return data.topics[t] || t; }).join(" · ");
      li.appendChild(badge);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
      li.appendChild(document.createTextNode("\n"));
      li.appendChild(meta);
      return li;
    }
    function chooseItems() {
      var wanted = pageItems;
      if (filtering()) {
        if (!window.mcExplorerData) { loadAll(); return false; }
        if (!chooseItems.all) {
          var data = window.mcExplorerData;
          chooseItems.all = data.claims.map(function (row) { return itemFor(row, data); });
        }
        wanted = chooseItems.all;
      }
      if (wanted !== items) {
        items = wanted;
        list.textContent = "";
      }
      Array.prototype.forEach.call(root.querySelectorAll(".mc-pager"), function (nav) { nav.hidden = items !== pageItems; });
      return true;
    }

    function apply(updateUrl) {
      if (allSrc && !chooseItems()) return;
      var q = form.elements.words.value.trim().toLowerCase();
      var verdict = form.elements.verdict.value;
      var topic = form.elements.topic.value;
      var audience = form.elements.audience.value;
      var shown = 0;
      items.forEach(function (item) {
        var ok = (!verdict || item.dataset.verdict === verdict)
          && (!topic || item.dataset.topics.split(" ").indexOf(topic) >= 0)
          && (!audience || item.dataset.audiences.split(" ").indexOf(audience) >= 0)
          && (!q || (item.dataset.search || item.textContent).toLowerCase().indexOf(q) >= 0);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      sortItems();
      var total = allSrc && items === pageItems ? list.dataset.total : items.length;
      if (count) count.textContent = msg("resultCount", {shown: shown, num: total});
      if (updateUrl) {
        var params = new URLSearchParams();
        fields.forEach(function (name) {
          var value = form.elements[name].value.trim();
          if (value) params.set(name, value);
        });
        var query = params.toString();
        history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    readUrl();
    apply(false);
  }

  function setupQuiz(root) {
    var items = root.querySelectorAll(".mc-quiz-item");
    if (!items.length) return;
    var score = root.querySelector("#quiz-score");
    var summary = root.querySelector("#quiz-summary");
    var answered = 0, right = 0, unclearCount = 0;
    var retry = root.querySelector("#quiz-retry");
    if (retry && !retry.dataset.ready) {
      retry.dataset.ready = "1";
      retry.addEventListener("click", function () {
        answered = 0; right = 0; unclearCount = 0;
        Array.prototype.forEach.call(items, function (item) {
          delete item.dataset.answered;
          item.querySelector(".mc-quiz-feedback").textContent = "";
          item.querySelector("details").open = false;
          Array.prototype.forEach.call(item.querySelectorAll(".mc-quiz-guess button"), function (b) {
            b.disabled = false; b.removeAttribute("aria-pressed");
          });
        });
        if (score) score.textContent = "";
        if (summary) summary.hidden = true;
        var first = items[0].querySelector(".mc-quiz-guess button");
        if (first) first.focus();
      });
    }
    Array.prototype.forEach.call(items, function (item) {
      var group = item.querySelector(".mc-quiz-guess");
      if (!group || group.dataset.ready) return;
      group.dataset.ready = "1";
      group.hidden = false;
      var feedback = item.querySelector(".mc-quiz-feedback");
      Array.prototype.forEach.call(group.querySelectorAll("button"), function (button) {
        button.addEventListener("click", function () {
          if (item.dataset.answered) return;
          item.dataset.answered = "1";
          button.setAttribute("aria-pressed", "true");
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (other) {
            if (other !== button) other.disabled = true;  // one guess per question
          });
          var unclear = item.dataset.truthy === "either";
          var correct = !unclear && button.dataset.guess === item.dataset.truthy;
          answered += 1;
          if (correct) right += 1;
          if (unclear) unclearCount += 1;
          feedback.textContent = msg(unclear ? "quizUnclear" : correct ? "quizRight" : "quizWrong");
          item.querySelector("details").open = true;
          if (score) score.textContent = msg("quizScore", {right: right, num: answered});
          if (answered === items.length && summary) {
            summary.hidden = false;
            var result = msg("quizResult", {right: right, num: items.length});
            summary.querySelector("#quiz-summary-text").textContent = unclearCount ? msg("quizResultJoin", {
              result: result, unclear: msg("quizResultUnclear", {num: unclearCount})}) : result;
          }
        });
      });
    });
  }

  function setupCitations(root) {
    var today = new Date();
    var months = (window.mcMessages || {}).months || [];
    var accessed = msg("accessDate", {day: today.getDate(), month: months[today.getMonth()],
                                      year: today.getFullYear()});
    Array.prototype.forEach.call(root.querySelectorAll(".mc-citation"), function (span) {
      span.textContent = span.textContent.replace(msg("accessDatePlaceholder"), accessed);
    });
    Array.prototype.forEach.call(root.querySelectorAll(".mc-copy"), function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = button.parentNode.querySelector(".mc-citation, .mc-snippet").textContent;
        var done = function () { button.textContent = msg("copied"); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
        } else { fallbackCopy(text); done(); }
      });
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
  }

  // Printed pages show where internal links lead: the browser resolves each href to a full address.
  function setupPrintUrls(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".md-content a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^[a-z]+:/i.test(href)) return;
      a.setAttribute("data-print-url", a.href);
    });
  }

  // Label each cell with its column header, so CSS can stack table rows on a phone.
  function setupTables(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".md-content table"), function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length || table.classList.contains("mc-stack")) return;
      table.classList.add("mc-stack");
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          var label = heads[i] && heads[i].textContent.trim();
          if (label) cell.setAttribute("data-label", label);
        });
      });
    });
  }

  function setup() {
    setupPrintUrls(document);
    setupTables(document);
    setupExplorer(document);
    setupQuiz(document);
    setupCitations(document);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
