/*
 * Material writes "N matching documents" above search results, counting the result groups it
 * was sent. The search worker (search-worker.js) sends at most the best 30 pages, so that the
 * first result arrives quickly, and marks the first title with the real number of matching pages
 * when there are more, or when no page has every word typed and the pages shown have some of
 * them. This script says so in the sentence above the results, in the page's language
 * (generator/i18n/<locale>.yaml → __config.translations, see generator/search_hooks.py).
 */
(function () {
  "use strict"
  const config = document.getElementById("__config")
  const list = document.querySelector(".md-search-result__list")
  const meta = document.querySelector(".md-search-result__meta")
  if (!config || !list || !meta) return
  const words = JSON.parse(config.textContent).translations || {}
  const sentences = {
    total: words["briefing.search.shown_of_total"],
    partial: words["briefing.search.partial"]
  }
  if (!sentences.total) return
  // Western digits in every language, as the rest of the site writes them
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    numberingSystem: "latn"
  })

  function update() {
    const marker = list.querySelector("[data-search-total]")
    if (!marker) return
    const sentence = "searchPartial" in marker.dataset && sentences.partial
      ? sentences.partial : sentences.total
    const text = sentence
      .replace("{shown}", number.format(+marker.dataset.searchShown))
      .replace("{total}", number.format(+marker.dataset.searchTotal))
    if (meta.textContent !== text) meta.textContent = text
  }

  const observer = new MutationObserver(update)
  observer.observe(list, { childList: true })
  observer.observe(meta, { childList: true, characterData: true, subtree: true })
})()
