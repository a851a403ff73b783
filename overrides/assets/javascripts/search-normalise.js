/*
 * How text becomes search terms, in the reader's browser. This is a line-by-line mirror of
 * generator/search/normalise.py (which indexes the site at build time): the rules are explained
 * there. tests/test_search_normalise.py runs both over the same words and compares the results;
 * change the two together.
 */
(function (root) {
  "use strict"

  const FOLD = {
    "\u0623": "\u0627", // أ
    "\u0625": "\u0627", // إ
    "\u0622": "\u0627", // آ
    "\u0671": "\u0627", // ٱ (wasla)
    "\u0672": "\u0627", // ٲ
    "\u0673": "\u0627", // ٳ
    "\u0649": "\u064a", // ى → ي
    "\u06cc": "\u064a", // Persian ی → ي
    "\u0626": "\u064a", // ئ → ي
    "\u0624": "\u0648", // ؤ → و
    "\u0629": "\u0647", // ة → ه
    "\u06c0": "\u0647", // ۀ → ه
    "\u06a9": "\u0643", // Persian ک → ك
    "\u0640": "", // tatweel
    "\u200b": "", // zero width space
    "\u200c": "", // zero width non-joiner
    "\u200d": "", // zero width joiner
    "\u200e": "", // left-to-right mark
    "\u200f": "", // right-to-left mark
    "\u061c": "", // Arabic letter mark
    "\ufeff": "" // byte order mark
  }
  for (let d = 0; d < 10; d++) {
    FOLD[String.fromCharCode(0x0660 + d)] = String(d) // Arabic-Indic digits
    FOLD[String.fromCharCode(0x06f0 + d)] = String(d) // Extended Arabic-Indic digits
  }

  const POSSESSIVE = /([\p{L}\p{N}])['\u2019]s(?![\p{L}\p{N}])/gu
  const TOKEN = /[\p{L}\p{N}]+/gu
  const ARABIC = /^[\u0621-\u064a]/
  const LATIN = /^[a-z]+$/

  const CONJ = ["", "\u0648", "\u0641"] // و ف
  const PREP = ["", "\u0628", "\u0643", "\u0644"] // ب ك ل
  const ARTICLE = "\u0627\u0644" // ال

  function proclitics() {
    const found = new Set()
    for (const conj of CONJ)
      for (const prep of PREP)
        for (const article of ["", ARTICLE])
          if (prep === "\u0644" && article) found.add(conj + "\u0644\u0644") // لل
          else found.add(conj + prep + article)
    found.delete("")
    // longest first, then code-unit order (as Python sorts these BMP strings)
    return [...found].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
  }

  const PROCLITICS = proclitics()
  const MIN_STEM = 3

  function normalise(text) {
    text = text.normalize("NFKC")
    let folded = ""
    for (const ch of text) {
      const to = FOLD[ch]
      folded += to === undefined ? ch : to
    }
    text = folded.toLowerCase()
    text = text.normalize("NFD").replace(/\p{Mn}/gu, "")
    return text.replace(POSSESSIVE, "$1")
  }

  // American spellings read as British: defense → defence, organize(d|s), organizing,
  // organization → organis... (SPELLING in normalise.py)
  const SPELLING = /(?<=[a-z])(?:ense(?=s?$)|iz(?=es?$|ed$|ing$|ation))/
  const BRITISH = { ense: "ence", iz: "is" }

  function englishTerm(word) {
    return englishSingular(word.replace(SPELLING, found => BRITISH[found]))
  }

  function englishSingular(word) {
    if (word.length <= 3) return word
    if (word.endsWith("ies") && word.length > 4 && !word.endsWith("eies") && !word.endsWith("aies"))
      return word.slice(0, -3) + "y"
    if (["ches", "shes", "sses", "xes", "zes"].some(end => word.endsWith(end)))
      return word.slice(0, -2)
    if (word.endsWith("s") && !["ss", "us", "is"].some(end => word.endsWith(end)))
      return word.slice(0, -1)
    return word
  }

  function arabicReadings(word) {
    const readings = []
    for (const prefix of PROCLITICS)
      if (word.startsWith(prefix) && word.length - prefix.length >= MIN_STEM) {
        const stem = word.slice(prefix.length)
        if (!readings.includes(stem)) readings.push(stem)
      }
    return readings
  }

  // A folded word in ـات read as a singular in ـة (folded to ه), or null (arabic_singular).
  function arabicSingular(word) {
    if (word.endsWith("\u0627\u062a") && word.length - 2 >= 2) return word.slice(0, -2) + "\u0647"
    return null
  }

  function terms(word) {
    if (LATIN.test(word)) return [[englishTerm(word), true]]
    const found = [[word, true]]
    if (ARABIC.test(word)) {
      for (const stem of arabicReadings(word))
        if (stem !== word) found.push([stem, false])
      // of the shortest reading: the word without any clitic
      const bare = found.reduce((short, [term]) => (term.length < short.length ? term : short), word)
      const singular = arabicSingular(bare)
      if (singular) found.push([singular, false])
    }
    return found
  }

  function words(text) {
    return normalise(text).match(TOKEN) || []
  }

  const api = {
    FOLD, PROCLITICS, MIN_STEM, normalise, englishTerm, englishSingular, arabicReadings,
    arabicSingular, terms, words
  }
  root.BriefingSearch = api
  if (typeof module !== "undefined" && module.exports) module.exports = api
})(typeof self !== "undefined" ? self : globalThis)
