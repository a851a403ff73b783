/*
 * Search worker for one language of the site, speaking Material for MkDocs' worker protocol
 * (SETUP → READY, QUERY → RESULT; see Material's integrations/search/worker), so Material's
 * search box, result list, keyboard handling and on-page highlighting work unchanged.
 *
 * generator/search_hooks.py points each page at this file with its language:
 * search-worker.js?lang=ar&v=… . The index of that language lives in ../../search/<lang>/
 * (layout in generator/search/index.py); the worker fetches meta.json when the page loads, then
 * per query only the term shards of the words typed and the pages it shows.
 */
"use strict"

importScripts("search-normalise.js")
const { normalise, terms, words } = self.BriefingSearch

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const MAX_PAGES = 30 // result groups sent (Material renders 10, then more on scrolling);
// when more pages match, the first title carries the total for search-count.js
const MAX_EXPANSIONS = 200 // index terms one typed prefix may stand for
const EXCERPT = 220 // characters of text shown per result
const PREFIX_MIN = 2 // the last word typed, this long, also matches longer words (typing)
// A word before it is finished: from this length it still matches longer words ("Israel" finds
// "Israeli"); below it, only itself: "memorandum of understanding" read "of" as the start of
// "official", and the pages opened from its results marked every "official".
const WHOLE_PREFIX_MIN = 4
// A word that matches nothing is read as a misspelling of the nearest index terms: one letter
// added, left out, changed or two swapped (two such edits from 8 letters on), none below 4
// letters ("Gants", «غانتز»: the press's spelling of the name the articles write «غانتس»).
const NEAR_MIN = 4, NEAR_TWO = 8
const NEAR_SHARDS = 6 // term shards a misspelt word may look through, nearest its own first
const NEAR_QUALITY = 0.6
const SYNONYM_QUALITY = 0.9 // a page writing the word a reader's word stands for ("MoU")

const params = new URL(self.location.href).searchParams
const base = new URL(`../../search/${params.get("lang")}/`, self.location.href)

/* Thrown when a newer query has arrived: its answer would not be shown, so nothing more of it is
 * fetched (while typing, most queries are overtaken before their pages are needed). */
const STALE = new Error("overtaken by a newer query")

let meta = null
const files = new Map()

function fetchJSON(path, options = {}) {
  const url = new URL(path, base)
  if (meta) url.searchParams.set("v", meta.v)
  const key = url.href
  if (!files.has(key))
    files.set(key, fetch(url, options).then(response => {
      if (!response.ok) throw new Error(`${response.status} ${url}`)
      return response.json()
    }).catch(error => {
      files.delete(key)
      throw error
    }))
  return files.get(key)
}

/* The numbers of a postings string (generator/search/index.py, encode_numbers): base-32 digits,
 * most significant first; "0"–"v" end a number, "w"–"-" (DIGITS[32..63]) continue it. */
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-"
const DIGIT = new Map([...DIGITS].map((char, value) => [char, value]))

function numbers(code) {
  const found = []
  let value = 0
  for (const char of code) {
    const digit = DIGIT.get(char)
    if (digit >= 32) value = value * 32 + digit - 32
    else {
      found.push(value * 32 + digit)
      value = 0
    }
  }
  return found
}

/* Index of the shard a term sorts into (the last shard whose first term is <= term). */
function shardOf(term) {
  const first = meta.shards
  let lo = 0, hi = first.length - 1, found = 0
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (first[mid] <= term) {
      found = mid
      lo = mid + 1
    } else {
      hi = mid - 1
    }
  }
  return found
}

/* Index terms matching one query term: [[index term, postings], ...].
 * A prefix stands for at most MAX_EXPANSIONS terms, the first in index order: a short prefix
 * («وال», "co") may start hundreds of shards' worth of terms, so the shards after the first are
 * fetched one at a time, only while fewer terms than that have been found. */
async function lookup(term, current, prefixMin) {
  const prefix = term.length >= prefixMin
  let number = shardOf(term)
  const found = []
  for (;;) {
    const shard = await fetchJSON(`t/${number}.json`)
    if (!current()) throw STALE
    if (!found.length && term in shard) found.push([term, numbers(shard[term])]) // first only
    if (!prefix) break
    for (const key in shard)
      if (key !== term && key.startsWith(term) && found.length < MAX_EXPANSIONS)
        found.push([key, numbers(shard[key])])
    number++
    if (found.length >= MAX_EXPANSIONS || number >= meta.shards.length ||
        !meta.shards[number].startsWith(term)) break
  }
  return found
}

/* Edits (insert, delete, change, swap two neighbours) from a to b, or limit + 1 if more. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before = null, previous = [...Array(b.length + 1).keys()]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let least = i
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j] + 1, row[j - 1] + 1,
                          previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cost = Math.min(cost, before[j - 2] + 1)
      row.push(cost)
      least = Math.min(least, cost)
    }
    if (least > limit) return limit + 1
    before = previous
    previous = row
  }
  return previous[b.length]
}

/* The index terms nearest a term that matched nothing: [distance, [[index term, postings], ...]],
 * all at the least distance found (Infinity and none if none is near enough). A misspelling keeps
 * most of a word's letters in place, so its term sorts near the word's: the shards looked through
 * are the term's own and its neighbours, outward, among those whose terms share its first letter. */
async function nearest(term, current) {
  const limit = term.length >= NEAR_TWO ? 2 : term.length >= NEAR_MIN ? 1 : 0
  if (!limit) return [Infinity, []]
  const own = shardOf(term), first = shardOf(term[0]), last = shardOf(term[0] + "\uffff")
  const order = [own]
  for (let step = 1; order.length < NEAR_SHARDS && (own - step >= first || own + step <= last); step++) {
    if (own + step <= last) order.push(own + step)
    if (own - step >= first && order.length < NEAR_SHARDS) order.push(own - step)
  }
  const shards = await Promise.all(order.map(number => fetchJSON(`t/${number}.json`)))
  if (!current()) throw STALE
  let best = limit, found = []
  for (const shard of shards)
    for (const key in shard) {
      const d = distance(term, key, best)
      if (d > best) continue
      if (d < best) [best, found] = [d, []]
      found.push([key, numbers(shard[key])])
    }
  return found.length ? [best, found] : [Infinity, []]
}

/* Adds one index term's postings to a word's scores: page id → best weighted match. */
function add(scores, postings, quality) {
  let page = 0
  for (let i = 0; i < postings.length; i += 2) {
    page += postings[i]
    const weight = postings[i + 1] * quality
    if (!(scores.get(page) >= weight)) scores.set(page, weight)
  }
}

/* The terms the pages write for a word readers type and they do not: the briefing's search
 * synonyms (content/config.yaml, search_synonyms; in meta.json as "syn"): "MoU" → memorandum. */
function synonymsOf(readings) {
  const synonyms = meta.syn || {}
  return [...new Set(readings.flatMap(([term]) => synonyms[term] || []))]
}

/* For one query word: {scores: page id → best weighted match, near: the index terms it was read
 * as when nothing matched it as typed (a synonym's or the nearest), else null, also: the terms
 * of its synonyms}. */
async function matchWord(word, prefixMin, current) {
  const scores = new Map()
  const readings = terms(word), also = synonymsOf(readings)
  const [found, more] = await Promise.all([
    Promise.all(readings.map(([term]) => lookup(term, current, prefixMin))),
    Promise.all(also.map(term => lookup(term, current, Infinity)))])
  readings.forEach(([term, asWritten], n) => {
    for (const [key, postings] of found[n])
      add(scores, postings,
          (asWritten ? 1 : 0.8) * (key === term ? 1 : 0.5 + 0.5 * term.length / key.length))
  })
  const own = scores.size
  for (const [, postings] of more.flat()) add(scores, postings, SYNONYM_QUALITY)
  if (scores.size) return { scores, near: own || !also.length ? null : also, also }
  const close = await Promise.all(readings.map(([term]) => nearest(term, current)))
  const least = Math.min(...close.map(([d]) => d))
  const near = new Set()
  readings.forEach(([, asWritten], n) => {
    if (close[n][0] !== least) return
    for (const [key, postings] of close[n][1]) {
      add(scores, postings, (asWritten ? 1 : 0.8) * NEAR_QUALITY)
      near.add(key)
    }
  })
  return { scores, near: near.size ? [...near] : null, also }
}

/* Does a word of a page's text match a query word? (Same rule as lookup: equal, or prefix; only
 * equal to the terms a misspelt word was read as.) */
function matcher(queryWords, near, prefixMin, also) {
  const wanted = queryWords.map((word, i) => near[i]
    ? near[i].map(term => [term, false])
    : [...terms(word).map(([term]) => [term, term.length >= prefixMin[i]]),
       ...also[i].map(term => [term, false])])
  return text => {
    const hits = new Set()
    for (const word of words(text))
      for (const [term] of terms(word))
        wanted.forEach((list, i) => {
          for (const [want, prefix] of list)
            if (term === want || (prefix && term.startsWith(want))) hits.add(i)
        })
    return hits
  }
}

const ESCAPE = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }
const escapeHTML = text => text.replace(/[&<>"']/g, ch => ESCAPE[ch])
const WORD = /[\p{L}\p{N}\p{M}\u0640]+/gu

/* Escape a piece of text and mark the words that match; collect the marked forms per word. */
function highlight(text, match, forms) {
  let html = "", last = 0
  for (const found of text.matchAll(WORD)) {
    const hits = match(found[0])
    if (!hits.size) continue
    html += escapeHTML(text.slice(last, found.index)) + `<mark>${escapeHTML(found[0])}</mark>`
    last = found.index + found[0].length
    for (const i of hits) forms[i].add(found[0])
  }
  return html + escapeHTML(text.slice(last))
}

/* A window of the text around its first match (or its beginning), highlighted. It opens where
   the sentence or list entry of the match does (the text keeps ". " between them, see
   generator/search/collect.py) when that is near enough, otherwise at a word. */
function excerpt(text, match, forms) {
  let start = 0
  for (const found of text.matchAll(WORD))
    if (match(found[0]).size) {
      start = Math.max(0, found.index - EXCERPT / 3)
      const sentence = text.lastIndexOf(". ", found.index)
      if (start > 0 && sentence >= 0 && sentence + 2 >= start) {
        return cut(text, sentence + 2, match, forms)
      }
      break
    }
  if (start > 0) {
    const space = text.indexOf(" ", start)
    start = space >= 0 && space < start + 30 ? space + 1 : start
  }
  return cut(text, start, match, forms)
}

/* The text from start, at most EXCERPT characters ending at a word, highlighted. */
function cut(text, start, match, forms) {
  let end = Math.min(text.length, start + EXCERPT)
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end)
    end = space > start + EXCERPT / 2 ? space : end
  }
  const body = highlight(text.slice(start, end), match, forms)
  return (start > 0 ? "… " : "") + body + (end < text.length ? " …" : "")
}

/* One result group in Material's shape: the page first, then its matching sections. forms: per
 * query word, an empty set to collect the spellings marked on this page. */
function group(page, score, queryWords, typed, pageHits, match, forms) {
  const [top] = page.s
  const sections = []
  let best = null
  for (const [anchor, title, text] of page.s) {
    const hits = new Set([...match(title), ...match(text)])
    if (!hits.size) continue
    const entry = { anchor, title, text, hits: hits.size }
    if (!best || entry.hits > best.hits) best = entry
    if (anchor) sections.push(entry)
  }
  // no section shows the match (its text is cut, see EXCERPT_CHARS): the page's first text,
  // not an empty top (a home page's text is all under its headings)
  const teaser = best || { text: top[2] || (page.s.find(section => section[2]) || top)[2] }
  const article = {
    location: page.u,
    title: highlight(page.t ?? top[1], match, forms), // "t" only when it is not the heading
    text: `<p>${excerpt(teaser.text, match, forms)}</p>`,
    score
  }
  const items = sections.map((section, n) => ({
    location: `${page.u}#${section.anchor}`,
    title: highlight(section.title, match, forms),
    text: `<p>${excerpt(section.text, match, forms)}</p>`,
    score: score * (0.5 + 0.4 * section.hits / queryWords.length) - n * 1e-6
  }))
  // Terms: a matched word → the spellings found on the page (for search.highlight on arrival),
  // a missing one → the word as typed (Material shows it struck through).
  const termsMap = {}
  queryWords.forEach((_, i) => {
    if (pageHits[i]) termsMap[[...forms[i]].slice(0, 5).join(" ") || typed[i]] = true
    else termsMap[typed[i]] = false
  })
  for (const item of [article, ...items]) item.terms = termsMap
  return [article, ...items]
}

async function search(query, current = () => true) {
  const typed = [], queryWords = []
  for (const piece of query.split(/\s+/))
    for (const word of words(piece))
      if (!queryWords.includes(word)) {
        queryWords.push(word)
        typed.push(piece)
      }
  if (!queryWords.length) return { items: [] }

  // the last word is the one being typed
  const prefixMin = queryWords.map((_, i) =>
    i === queryWords.length - 1 ? PREFIX_MIN : WHOLE_PREFIX_MIN)
  const found = await Promise.all(queryWords.map((word, i) =>
    matchWord(word, prefixMin[i], current)))
  const perWord = found.map(word => word.scores), near = found.map(word => word.near)
  const also = found.map(word => word.also)
  const total = new Map(), count = new Map()
  perWord.forEach(scores => {
    const idf = Math.log(1 + meta.pages / Math.max(1, scores.size))
    for (const [page, score] of scores) {
      total.set(page, (total.get(page) || 0) + score * idf)
      count.set(page, (count.get(page) || 0) + 1)
    }
  })
  // Every word must match; if no page has them all, show the pages that have the most.
  const most = Math.max(0, ...count.values())
  const ranked = [...total]
    .filter(([page]) => count.get(page) === most)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_PAGES)
  if (!current()) throw STALE
  const pages = await Promise.all(ranked.map(([id]) => fetchJSON(`p/${id}.json`)))
  const match = matcher(queryWords, near, prefixMin, also)
  const forms = ranked.map(() => queryWords.map(() => new Set()))
  const items = ranked.map(([id, score], n) => group(
    pages[n], score, queryWords, typed, perWord.map(scores => scores.has(id)), match, forms[n]
  ))
  // Material counts the groups it is sent; search-count.js reads the real total from here,
  // and whether these pages have only some of the words (Material's count would read as if
  // they matched the whole query: "24 matching pages" for "F-16", which no page has), and
  // which words were read as others ("Gants" as "Gantz", as the pages spell it).
  const matching = [...count.values()].filter(n => n === most).length
  const partial = most < queryWords.length
  const misspelt = queryWords.flatMap((_, i) => near[i] && perWord[i].size ? [i] : [])
  if (items.length && (matching > items.length || partial || misspelt.length)) {
    const spelt = i => { // as the first page showing it writes it (the index's terms are folded)
      const page = forms.find(page => page[i].size)
      return page ? [...page[i]][0] : near[i][0]
    }
    const words = misspelt.length ? ` data-search-typed="${escapeHTML(
      [...new Set(misspelt.map(i => typed[i]))].join(" "))}" data-search-found="${escapeHTML(
      [...new Set(misspelt.map(spelt))].join(" "))}"` : ""
    items[0][0].title += `<span hidden data-search-shown="${items.length}"` +
      ` data-search-total="${matching}"${partial ? " data-search-partial" : ""}${words}></span>`
  }
  return { items }
}

let latest = 0

async function handle(message) {
  switch (message.type) {
    case SETUP:
      meta = await fetchJSON("meta.json", { cache: "no-cache" })
      return { type: READY }
    case QUERY: {
      const ticket = ++latest
      let data
      try {
        data = await search(message.data, () => ticket === latest)
      } catch (error) {
        if (error === STALE) return null
        console.warn("search failed:", error)
        data = { items: [] }
      }
      // Answers may finish out of order while the reader types: only the newest is shown.
      return ticket === latest ? { type: RESULT, data } : null
    }
    default:
      throw new TypeError("Invalid message type")
  }
}

addEventListener("message", async event => {
  const reply = await handle(event.data)
  if (reply) postMessage(reply)
})

self.BriefingSearchWorker = { search, normalise }
