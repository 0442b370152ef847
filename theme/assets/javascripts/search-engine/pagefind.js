// Pagefind's search engine as the search page's UI sees it (PagefindUI imports
// `<bundlePath>pagefind.js`, and search.js points bundlePath here), with five changes:
//
// 1. A query typed with tone marks lists first the profiles that contain its words with
//    exactly those marks ("Tâm" before "Tám" and "Tăm"), either tone placement counting as
//    exact ("hoà" = "hòa", "thuỷ" = "thủy"); then everything Pagefind finds with the marks
//    folded, in Pagefind's order. An unmarked query ("tam") keeps Pagefind's ranking as is.
//    Pagefind 1.5.2's own `diacriticSimilarity` boost left such results tied at every weight
//    (even on a bare nine-page test site), so the exact matches come from a second pass with
//    Pagefind's `exactDiacritics` (same index chunks: no extra download).
// 2. The filter counts load only after the first page of results (N results) is drawn: on a
//    slow network they would otherwise share the line with the query's own index chunks.
//    `filtersAfterFirstPage: N` (an option for this module, not for Pagefind) sets N; 0 loads
//    them at once. Once the filters are in, a "pagefind-filters-ready" event asks the UI to
//    search again, so that the counts are the current query's.
// 3. Filter values are listed in Vietnamese alphabetical order (Pagefind sorts by code point,
//    which puts "Đoàn kết…" after "Y…"), and the groups in the order `filterOrder` gives.
// 4. Filters are counted and applied here, from the filter table the build writes beside the
//    index (generator/search/bundle.py), and Pagefind never loads its own filter chunks: its
//    engine counts each value by scanning the whole result list for every page of the value,
//    which at 20,000 profiles made a search with 1,300 results take 400 ms instead of 50.
//    Results are filtered after Pagefind ranked them all, so their order is Pagefind's.
// 5. A query of several words lists first the pages that hold its words side by side, in its
//    order ("hợp tác xã", "Huân chương Lao động hạng Ba" before "… hạng Nhất"), then the rest,
//    each group in the order above. Pagefind's own phrase search (a query in quotes) matches
//    marks exactly and missed pages that hold the phrase; here the phrase is found from the
//    positions of each word (see phraseFirst). Every search ends with a
//    "pagefind-searched" event saying how many results it had and whether any held the phrase.
import * as engine from "../../../pagefind/pagefind.js";

export const { init, debouncedSearch, destroy, mergeIndex, createInstance } = engine;

var bundle = new URL("../../../pagefind/", import.meta.url).href;

var firstPage = 0;
var groupOrder = [];
var collator = new Intl.Collator("vi");
var filtersReleased = false;
var releaseFilters;
var filtersMayLoad = new Promise(function (resolve) {
  releaseFilters = function () { filtersReleased = true; resolve(); };
});

export function options(settings) {
  var rest = Object.assign({}, settings);
  if ("filtersAfterFirstPage" in rest) {
    firstPage = rest.filtersAfterFirstPage;
    delete rest.filtersAfterFirstPage;
    if (!firstPage) releaseFilters();
  }
  if ("filterOrder" in rest) {
    groupOrder = rest.filterOrder;
    delete rest.filterOrder;
  }
  return Object.keys(rest).length ? engine.options(rest) : Promise.resolve();
}

function rank(name) {
  var at = groupOrder.indexOf(name);
  return at < 0 ? groupOrder.length : at;
}

// Object keys keep the order they were added in (years, being integer-like, always ascend).
function ordered(groups) {
  if (!groups || typeof groups !== "object") return groups;
  var sorted = {};
  Object.keys(groups)
    .sort(function (a, b) { return rank(a) - rank(b) || collator.compare(a, b); })
    .forEach(function (name) {
      sorted[name] = {};
      Object.keys(groups[name] || {}).sort(collator.compare).forEach(function (value) {
        sorted[name][value] = groups[name][value];
      });
    });
  return sorted;
}

// Which pages carry which filter value: {index: page id → page, pageValues: page → value
// numbers, values: value number → [group, value]}. The table's name follows the index's.
var table = null;
function filterTable() {
  if (!table) {
    table = fetch(bundle + "pagefind-entry.json?ts=" + Date.now())
      .then(function (response) { return response.json(); })
      .then(function (entry) {
        var language = entry.languages[document.documentElement.lang] || Object.values(entry.languages)[0];
        return fetch(bundle + "filters." + language.hash + ".json");
      })
      .then(function (response) { return response.json(); })
      .then(readTable);
    table.catch(function () { table = null; });  // try again on the next search
  }
  return table;
}

function readTable(json) {
  var index = new Map();
  json.pages.forEach(function (id, page) { index.set(id, page); });
  var pageValues = json.pages.map(function () { return []; });
  var values = [];
  Object.keys(json.filters).forEach(function (group) {
    Object.keys(json.filters[group]).forEach(function (value) {
      var number = values.push([group, value]) - 1;
      var page = 0;
      json.filters[group][value].forEach(function (step) {  // differences from the page before
        page += step;
        pageValues[page].push(number);
      });
    });
  });
  return { index: index, pageValues: pageValues, values: values };
}

function counts(table, pages) {
  var count = new Uint32Array(table.values.length);
  pages.forEach(function (page) {
    (table.pageValues[page] || []).forEach(function (value) { count[value] += 1; });
  });
  var groups = {};
  table.values.forEach(function (pair, value) {
    (groups[pair[0]] = groups[pair[0]] || {})[pair[1]] = count[value];
  });
  return groups;
}

// The UI asks for {group: [value, ...]}; as with Pagefind, a page must carry every value asked.
function selection(filters) {
  var pairs = [];
  Object.keys(filters || {}).forEach(function (group) {
    [].concat(filters[group]).forEach(function (value) { pairs.push([group, value]); });
  });
  return pairs;
}

function filtered(found, table, pairs) {
  var pageOf = function (result) { return table.index.get(result.id); };
  var wanted = pairs.map(function (pair) {
    return table.values.findIndex(function (v) { return v[0] === pair[0] && v[1] === pair[1]; });
  });
  var results = found.results.filter(function (result) {
    var values = table.pageValues[pageOf(result)] || [];
    return wanted.every(function (value) { return values.indexOf(value) >= 0; });
  });
  return Object.assign({}, found, {
    results: results,
    unfilteredResultCount: found.results.length,
    filters: counts(table, results.map(pageOf)),
    totalFilters: counts(table, found.results.map(pageOf)),
  });
}

export async function filters() {
  await filtersMayLoad;
  var loaded = await filterTable();
  var all = ordered(counts(loaded, loaded.pageValues.map(function (_, page) { return page; })));
  setTimeout(function () { window.dispatchEvent(new CustomEvent("pagefind-filters-ready")); }, 0);
  return all;
}

// Pagefind would load its filter chunks for the filters given: they are applied here.
function unfiltered(settings) {
  return Object.assign({}, settings, { filters: {} });
}

// While a citizen types, the last word is mostly the first letters of a syllable ("M", "Mạ"
// on the way to "Mạnh"), and in Vietnamese those are words of their own with some of the
// biggest postings in the index (mà, là, hà: 100 KB and more at 20,000 profiles). Fetched on
// the way, they queued ahead of the chunks the finished query needs: on Fast 3G, "Lâm Mạnh"
// typed a key each 150 ms showed its first result 2.1 s after the last key. So while keys
// come less than TYPING_PAUSE ms apart, a last word of at most SHORT_WORD letters is not
// preloaded, and its search waits TYPING_PAUSE ms, skipped if a newer key arrives meanwhile.
// A query pasted, submitted or typed slowly is searched at once, short last word or not.
var TYPING_PAUSE = 250;
var SHORT_WORD = 2;
var lastKey = -Infinity;
var typing = false;  // the latest input came less than TYPING_PAUSE ms after the one before

function endsShort(term) {
  var words = (term || "").normalize("NFC").trim().split(/\s+/);
  return Array.from(words[words.length - 1]).length <= SHORT_WORD;
}

// Pagefind's UI preloads each input as it comes, and searches it after its debounce.
export function preload(term, settings) {
  var now = performance.now();
  typing = now - lastKey < TYPING_PAUSE;
  lastKey = now;
  if (typing && endsShort(term)) return Promise.resolve(null);
  return engine.preload(term, unfiltered(settings));
}

function pause(term) {
  if (!(typing && endsShort(term))) return Promise.resolve();
  return new Promise(function (resolve) { setTimeout(resolve, TYPING_PAUSE); });
}

function whenFirstPageDrawn(found) {
  if (filtersReleased) return;
  var page = found && found.results ? found.results.slice(0, firstPage) : [];
  Promise.all(page.map(function (result) { return result.data(); })).then(releaseFilters, releaseFilters);
}

// Vietnamese writes the tone of an open syllable ending in oa, oe or uy on either vowel:
// on the last in the old style (hoà, khoẻ, thuỷ), on the first in the new (hòa, khỏe, thủy).
var TONE = /[\u0300\u0301\u0303\u0309\u0323]/;
var OPEN_GLIDE = /(oa|oe|uy)$/i;

function placements(word) {
  var decomposed = word.normalize("NFD");
  var tone = decomposed.match(TONE);
  var base = decomposed.replace(TONE, "").normalize("NFC");
  if (!tone || !OPEN_GLIDE.test(base) || /quy$/i.test(base)) return [word, word];
  var last = base.length - 1;
  return [
    (base.slice(0, last) + base[last] + tone[0]).normalize("NFC"),
    (base.slice(0, last - 1) + base[last - 1] + tone[0] + base[last]).normalize("NFC"),
  ];
}

function marked(term) {
  return /[\u0300-\u036f]/.test(term.normalize("NFD")) || /[đĐ]/.test(term);
}

function spellings(term) {
  var words = term.split(" ").map(placements);
  var old = words.map(function (w) { return w[0]; }).join(" ");
  var current = words.map(function (w) { return w[1]; }).join(" ");
  return Array.from(new Set([term, old, current]));
}

// One search at a time: the exact pass switches an engine-wide option.
var queue = Promise.resolve();
function serially(task) {
  var run = queue.then(task, task);
  queue = run.catch(function () {});
  return run;
}

async function exactFirst(term, settings, prefetch, wordPositions) {
  var exact = [];
  await engine.options({ exactDiacritics: true });
  try {
    for (var spelling of spellings(term)) exact.push(await engine.search(spelling, settings));
  } finally {
    await engine.options({ exactDiacritics: false });
  }
  var seen = new Set();
  var first = exact.flatMap(function (found) { return found ? found.results : []; })
    .sort(function (a, b) { return b.score - a.score; })
    .filter(function (result) {
      if (seen.has(result.id)) return false;
      seen.add(result.id);
      return true;
    });
  // The first page of results opens with these: fetch their fragments (Pagefind keeps them)
  // while it runs the folded pass, a round trip sooner than the UI would ask.
  first = phraseOrder(first, wordPositions);
  if (prefetch) {
    first.slice(0, firstPage || 10).forEach(function (result) { result.data().catch(function () {}); });
  }
  var folded = await engine.search(term, settings);
  if (!folded) return folded;
  var results = first.concat(folded.results.filter(function (result) { return !seen.has(result.id); }));
  return Object.assign({}, folded, { results: results });
}

// A search still waiting when a newer one is asked for is skipped (resolves to null, as
// Pagefind's own search does for a preload): the UI shows only its latest search, and with
// a short debounce a citizen typing would otherwise queue one search per keystroke.
var latest = 0;

// Where the words of a query of several words stand side by side, in its order: each word
// is searched alone (its index chunks are those the query loaded: no download), which gives
// the positions of that word in each page, and a page holds the phrase where word 1 stands
// at p, word 2 at p + 1, and so on. A query of more than MAX_PHRASE words is left as ranked.
var MAX_PHRASE = 8;
function queryWords(term) {
  return term && !/"/.test(term) ? term.trim().split(/\s+/) : [];
}

// Pagefind folds tone marks but not đ: an unmarked "dong" matches "động" only in the folded
// copy of the names (_search_data.md.j2), not where the word stands in the article. The word
// with d as đ gives those positions.
function withBarredD(word) {
  return !marked(word) && /d/i.test(word) ? word.replace(/d/g, "đ").replace(/D/g, "Đ") : null;
}

// A word's positions, kept for the page's life (the index does not change meanwhile): the
// UI searches each query again once the filters have come, and a citizen edits a query a
// word at a time; searched again, the words would hold the redrawn results back.
var KEPT_WORDS = 64;
var keptPositions = new Map();

async function positions(word) {
  if (keptPositions.has(word)) return keptPositions.get(word);
  var found = await findPositions(word);
  if (keptPositions.size >= KEPT_WORDS) keptPositions.delete(keptPositions.keys().next().value);
  keptPositions.set(word, found);
  return found;
}

async function findPositions(word) {
  var found = new Map();
  for (var spelling of [word, withBarredD(word)].filter(Boolean)) {
    var result = await engine.search(spelling, {});
    (result ? result.results : []).forEach(function (page) {
      var known = found.get(page.id) || new Set();
      (page.words || []).forEach(function (at) { known.add(at); });
      found.set(page.id, known);
    });
  }
  return found;
}

function holdsPhrase(id, wordPositions) {
  var first = wordPositions[0].get(id);
  if (!first) return false;
  return Array.from(first).some(function (at) {
    return wordPositions.every(function (byPage, i) {
      var here = byPage.get(id);
      return here && here.has(at + i);
    });
  });
}

// The positions of each word of a query of 2 to MAX_PHRASE words, or null: found before the
// query is ranked, so that the exact pass fetches the fragments of the results that will
// open the list (phrase holders first), not of others.
async function phraseWords(term) {
  var words = queryWords(term);
  if (words.length < 2 || words.length > MAX_PHRASE) return null;
  var wordPositions = [];
  for (var word of words) wordPositions.push(await positions(word));
  return wordPositions;
}

// Results holding the phrase first, each part in its order.
function phraseOrder(results, wordPositions) {
  if (!wordPositions) return results;
  var inPhrase = results.filter(function (result) { return holdsPhrase(result.id, wordPositions); });
  var held = new Set(inPhrase.map(function (result) { return result.id; }));
  return inPhrase.concat(results.filter(function (result) { return !held.has(result.id); }));
}

function phraseFirst(found, wordPositions) {
  if (!found || !wordPositions) return { found: found, phrase: null };
  var results = phraseOrder(found.results, wordPositions);
  var phrase = results.length > 0 && holdsPhrase(results[0].id, wordPositions);
  return { found: Object.assign({}, found, { results: results }), phrase: phrase };
}

function announce(term, found, phrase) {
  window.dispatchEvent(new CustomEvent("pagefind-searched", {
    detail: { term: term, count: found && found.results ? found.results.length : 0, phrase: phrase },
  }));
}

// How many pages a query finds, without the UI seeing it (for a "did you mean").
export function count(term) {
  return serially(function () { return engine.search(term, {}); })
    .then(function (found) { return found ? found.results.length : 0; });
}

export function search(term, settings) {
  var pairs = selection(settings && settings.filters);
  var plain = unfiltered(settings);
  var ticket = ++latest;
  var found = pause(term).then(function () {
    return serially(function () {
      if (ticket !== latest) return null;
      return phraseWords(term).then(function (wordPositions) {
        var found = term && marked(term) ? exactFirst(term, plain, !pairs.length, wordPositions)
          : engine.search(term, plain);
        return found.then(function (found) { return phraseFirst(found, wordPositions); });
      }).then(function (ranked) {
        if (ranked.found) announce(term, ranked.found, ranked.phrase);
        return ranked.found;
      });
    });
  }).then(function (result) {
    if (!result || !(filtersReleased || pairs.length)) return result;
    var counted = filterTable().then(function (loaded) { return filtered(result, loaded, pairs); });
    // Without the table (a dropped connection), results without counts rather than none;
    // a filter ticked cannot be applied, so that search fails as Pagefind's would.
    return pairs.length ? counted : counted.catch(function () { return result; });
  }).then(function (result) {
    return result && Object.assign(result, { filters: ordered(result.filters), totalFilters: ordered(result.totalFilters) });
  });
  found.then(whenFirstPageDrawn, releaseFilters);
  return found;
}
