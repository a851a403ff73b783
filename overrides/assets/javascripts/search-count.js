/*
 * Material writes "N matching documents" above search results, counting the result groups it
 * was sent. The search worker (search-worker.js) sends at most the best 30 pages, so that the
 * first result arrives quickly, and marks the first title with the real number of matching pages
 * when there are more, when no page has every word typed and the pages shown have some of
 * them, or when a word found nothing as typed and was read as the nearest the pages write
 * ("Gants" → "Gantz"). This script says so in the sentence above the results, in the page's
 * language (generator/i18n/<locale>.yaml → __config.translations, see generator/search_hooks.py).
 */
(function () {
  "use strict"
  const config = document.getElementById("__config")
  const list = document.querySelector(".md-search-result__list")
  const meta = document.querySelector(".md-search-result__meta")
  const box = document.querySelector("[data-md-component=search-query]")
  if (!config || !list || !meta || !box) return
  const words = JSON.parse(config.textContent).translations || {}
  const sentences = {
    total: words["briefing.search.shown_of_total"],
    partial: words["briefing.search.partial"],
    corrected: words["briefing.search.corrected"],
    typing: words["search.result.placeholder"]
  }
  if (!sentences.total) return
  // Western digits in every language, as the rest of the site writes them
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    numberingSystem: "latn"
  })

  function update() {
    const marker = list.querySelector("[data-search-total]")
    if (!marker) {
      // One letter typed: words are looked up as beginnings from two letters on (search-worker.js),
      // so the first key press found nothing and the theme said "No matching pages" before the
      // second. The reader is still typing; the theme's own prompt stays.
      if (box.value.trim().length === 1 && !list.children.length && sentences.typing &&
          meta.textContent !== sentences.typing) meta.textContent = sentences.typing
      return
    }
    const { searchShown: shown, searchTotal: total, searchTyped: typed,
            searchFound: found } = marker.dataset
    const said = typed && sentences.corrected
      ? sentences.corrected.replace("{typed}", typed).replace("{found}", found) + " " : ""
    const sentence = "searchPartial" in marker.dataset && sentences.partial ? sentences.partial
      : +total > +shown ? sentences.total : null
    // the theme's own count ("3 matching pages") when the worker's adds nothing to it
    const count = sentence ? sentence
      .replace("{shown}", number.format(+shown))
      .replace("{total}", number.format(+total)) : meta.textContent.replace(said, "")
    if (meta.textContent !== said + count) meta.textContent = said + count
  }

  const observer = new MutationObserver(update)
  observer.observe(list, { childList: true })
  observer.observe(meta, { childList: true, characterData: true, subtree: true })
})()
