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
        filterOrder: ["Loại", "Tỉnh", "Phong trào", "Lĩnh vực", "Năm", "Cấp khen thưởng"],
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
          result.excerpt = metaLine(result) + " " + result.excerpt;
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
    };
    document.head.appendChild(ui);
  }

  var element = document.getElementById("ex-search");
  if (element) startSearchPage(element);
  addHeaderBox();
})();
