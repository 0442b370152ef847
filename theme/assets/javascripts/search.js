// Site search with Pagefind (self-hosted under /pagefind/, built by the exemplars plugin).
// Every page gets a search box in the Material header that opens the search page;
// the search page (#ex-search) runs Pagefind's UI with Vietnamese labels and filters.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.src.replace(/assets\/javascripts\/search\.js(\?.*)?$/, "");
  var searchPage = root + "tim-kiem/";
  // Pagefind's engine with exact-accent matches first and filters loaded after the first
  // results (search-engine/pagefind.js); the index itself is in pagefind/.
  var engineDir = root + "assets/javascripts/search-engine/";
  // Results drawn at first, each with its own fragment (~2 KB) from the network: 5 would save
  // ~10 KB and ~50 ms on Fast 3G, but on a crowded query a citizen would see too few.
  var PAGE_SIZE = 10;

  // Vietnamese text may arrive decomposed (NFD) from some keyboards: Pagefind's index is NFC.
  function normalise(term) {
    return term.normalize("NFC").replace(/\s+/g, " ").trim();
  }

  function addHeaderBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("ex-search")) return;
    var form = document.createElement("form");
    form.className = "ex-header-search";
    form.setAttribute("role", "search");
    form.action = searchPage;
    form.method = "get";
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "Tìm điển hình";
    input.setAttribute("aria-label", "Tìm điển hình (có dấu hoặc không dấu)");
    input.autocomplete = "off";
    form.appendChild(input);
    input.addEventListener("focus", prefetchSearch);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(form, source);
    // "/" or "s" focuses the box, as with Material's own search.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if ((event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  // While a citizen types in the header box, the browser fetches the search engine and the
  // index metadata as prefetches (kept for the next page), so that the search page the box
  // opens mostly waits for the query's own index chunks.
  var prefetched = false;
  function prefetchSearch() {
    if (prefetched) return;
    prefetched = true;
    var bundle = root + "pagefind/";
    var files = [bundle + "pagefind-ui.js", bundle + "pagefind-ui.css", engineDir + "pagefind.js",
                 bundle + "pagefind.js", bundle + "pagefind-worker.js"];
    fetch(bundle + "pagefind-entry.json").then(function (response) { return response.json(); }).then(function (entry) {
      var language = entry.languages[document.documentElement.lang] || Object.values(entry.languages)[0];
      files.push(bundle + "pagefind." + language.hash + ".pf_meta", bundle + "wasm." + (language.wasm || "unknown") + ".pagefind");
    }).catch(function () { /* the engine's files alone, then */ }).then(function () {
      files.forEach(function (href) {
        var link = document.createElement("link");
        link.rel = "prefetch";
        link.href = href;
        document.head.appendChild(link);
      });
    });
  }

  // Each result says what it is: a profile, a movement or a decision (by its address, as
  // the search documents are filed: generator/search/documents.py).
  var RESULT_TYPES = [["/phong-trao/", "Phong trào"], ["/quyet-dinh/", "Quyết định khen thưởng"]];
  function typeLabel(result) {
    var found = RESULT_TYPES.filter(function (type) { return (result.url || "").indexOf(type[0]) >= 0; })[0];
    var label = document.createElement("span");
    label.className = "ex-result-type";
    label.textContent = found ? found[1] : "Điển hình";
    return label.outerHTML;
  }

  // Words fold as the index folds them, and đ as d: "Hòa", "hoà" and "hoa" are one word.
  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  // Whether two words are one edit apart: a letter left out, added or changed, or two swapped.
  function oneEditAway(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // The site's own words (names, places, movements, award forms), most used first, written
  // at build time (generator/search/vocabulary.py); loaded only when a search finds nothing.
  var vocabulary = null;
  function loadVocabulary() {
    if (!vocabulary) {
      vocabulary = fetch(root + "tim-kiem/tu-vung.json").then(function (response) { return response.json(); })
        .then(function (words) {
          var byFold = new Map();
          words.forEach(function (word) { if (!byFold.has(fold(word))) byFold.set(fold(word), word); });
          return byFold;
        });
      vocabulary.catch(function () { vocabulary = null; });
    }
    return vocabulary;
  }

  function likeCase(word, model) {
    return model[0] && model[0] !== model[0].toLowerCase() ? word[0].toUpperCase() + word.slice(1) : word;
  }

  // A query that found nothing, with one word that is no word of the site's but one edit
  // away from one: that word in its place, if the query then finds something.
  var MAX_TRIES = 6;
  function suggestion(term, engine) {
    return loadVocabulary().then(function (byFold) {
      var words = term.split(" ");
      var tries = [];
      words.forEach(function (word, at) {
        var folded = fold(word);
        if (folded.length < 2 || byFold.has(folded)) return;
        byFold.forEach(function (known, key) {
          if (tries.length < MAX_TRIES && oneEditAway(folded, key)) {
            var fixed = words.slice();
            fixed[at] = likeCase(known, word);
            tries.push(fixed.join(" "));
          }
        });
      });
      return tries.reduce(function (chain, attempt) {
        return chain.then(function (found) {
          return found || engine.count(attempt).then(function (n) { return n ? attempt : null; });
        });
      }, Promise.resolve(null));
    });
  }

  // A line under the result count: no result holds the words as a phrase, or nothing was
  // found and the site knows a word one letter away.
  function showNote(element, content) {
    var note = element.querySelector(".ex-search-note");
    if (!content) {
      if (note) note.remove();
      return;
    }
    var message = element.querySelector(".pagefind-ui__message");
    if (!message) return;
    if (!note) {
      note = document.createElement("p");
      note.className = "ex-search-note";
      note.setAttribute("role", "status");  // read out when it changes, as the result count is
    }
    note.replaceChildren.apply(note, content);
    if (note.previousElementSibling !== message) message.after(note);
  }

  function phraseNote(term) {
    return ["Không có kết quả khớp đúng cụm từ “" + term + "”; dưới đây là các kết quả gần đúng."];
  }

  function suggestionNote(fixed, pagefind) {
    var link = document.createElement("a");
    link.href = "?q=" + encodeURIComponent(fixed);
    link.textContent = fixed;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      history.replaceState(null, "", link.href);
      pagefind.triggerSearch(fixed);
    });
    return ["Có phải bạn muốn tìm: ", link, "?"];
  }

  function metaLine(result) {
    var meta = result.meta || {};
    var parts = [meta.kind, meta.place, meta.year].filter(Boolean);
    var line = document.createElement("span");
    line.className = "ex-result-meta";
    line.textContent = parts.join(" · ");
    return line.outerHTML;
  }

  function startSearchPage(element) {
    var query = new URLSearchParams(window.location.search).get("q");
    // Start the search engine (WebAssembly, index metadata) and, for a query in the address,
    // fetch its index chunks, while Pagefind's UI script is still on its way: the UI then
    // imports this same module and finds them loaded. Without a query, the first one typed
    // only waits for its own chunks.
    import(engineDir + "pagefind.js").then(function (engine) {
      return engine.options({ filtersAfterFirstPage: PAGE_SIZE })
        .then(function () { return engine.init(); })
        .then(function () { if (query) return engine.preload(normalise(query)); });
    }).catch(function () { /* the UI loads it itself */ });
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = root + "pagefind/pagefind-ui.css";
    document.head.appendChild(css);
    var ui = document.createElement("script");
    ui.src = root + "pagefind/pagefind-ui.js";
    ui.onload = function () {
      var pagefind = new window.PagefindUI({
        element: element,
        bundlePath: engineDir,
        filtersAfterFirstPage: PAGE_SIZE,
        filterOrder: ["Loại kết quả", "Loại", "Tỉnh", "Phong trào", "Lĩnh vực", "Năm", "Cấp khen thưởng"],
        showEmptyFilters: false,
        showSubResults: false,
        showImages: false,
        resetStyles: false,
        pageSize: PAGE_SIZE,
        // Long enough to take a burst of input (a paste, a fast typist) as one search; the
        // engine skips searches overtaken by newer ones (search-engine/pagefind.js).
        debounceTimeoutMs: 30,
        excerptLength: 24,
        openFilters: [],
        processTerm: normalise,
        processResult: function (result) {
          result.excerpt = typeLabel(result) + metaLine(result) + " " + result.excerpt;
          return result;
        },
        translations: {
          placeholder: "Tìm điển hình: tên, địa phương, phong trào…",
          clear_search: "Xóa",
          load_more: "Xem thêm kết quả",
          search_label: "Tìm kiếm trên trang này",
          filters_label: "Bộ lọc",
          zero_results: "Không tìm thấy điển hình nào cho [SEARCH_TERM]",
          many_results: "[COUNT] kết quả cho [SEARCH_TERM]",
          one_result: "[COUNT] kết quả cho [SEARCH_TERM]",
          alt_search: "Không có kết quả cho [SEARCH_TERM]. Hiển thị kết quả cho [DIFFERENT_TERM]",
          search_suggestion: "Không có kết quả cho [SEARCH_TERM]. Hãy thử:",
          searching: "Đang tìm [SEARCH_TERM]…"
        }
      });
      // The filters arrive after the first results: search again for the query's counts.
      window.addEventListener("pagefind-filters-ready", function () { pagefind.triggerFilters({}); });
      if (query) pagefind.triggerSearch(normalise(query));
      // The note of the latest search, kept under the result count as the UI redraws it.
      var note = null;
      var latestTerm = null;
      window.addEventListener("pagefind-searched", function (event) {
        var detail = event.detail;
        latestTerm = detail.term;
        note = detail.count && detail.phrase === false ? phraseNote(detail.term) : null;
        showNote(element, note);
        if (detail.count || !detail.term) return;
        import(engineDir + "pagefind.js").then(function (engine) { return suggestion(detail.term, engine); })
          .then(function (fixed) {
            if (!fixed || latestTerm !== detail.term) return;
            note = suggestionNote(fixed, pagefind);
            showNote(element, note);
          }).catch(function () { /* no suggestion, then */ });
      });
      new MutationObserver(function () {
        if (note && !element.querySelector(".ex-search-note")) showNote(element, note);
      }).observe(element, { childList: true, subtree: true });
    };
    document.head.appendChild(ui);
  }

  var element = document.getElementById("ex-search");
  if (element) startSearchPage(element);
  addHeaderBox();
})();
