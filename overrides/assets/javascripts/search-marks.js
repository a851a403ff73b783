/*
 * Following a search result, the theme marks on the page it opens the words searched for
 * (?h=..., feature search.highlight), but it marks them wherever their letters occur: "El"
 * inside "Israeli", «تل» inside «الاختلاف», "air" inside "co-chaired". Search matches a word
 * from its start (a word typed in part finds the words it begins, search-worker.js), so a mark
 * must begin a word too, or follow no more than the Arabic clitics search takes off (و ف ب ك ل
 * ال: «وإسرائيل» for إسرائيل). This script takes away the marks that do not, as the theme adds
 * them. Pages opened without ?h= are not touched.
 */
(function () {
  "use strict"
  if (!new URLSearchParams(location.search).get("h")) return

  const WORD_END = /[\p{L}\p{N}\p{M}]+$/u // the letters of a word that run up to a mark
  const CLITICS = /^[وف]?[بكل]?(?:ال|ل)?$/u

  function begins(mark) {
    const before = mark.previousSibling
    const text = before && before.nodeType === Node.TEXT_NODE ? before.data : ""
    const glued = WORD_END.exec(text)
    return !glued || CLITICS.test(glued[0])
  }

  function clean() {
    for (const mark of document.querySelectorAll("mark[data-md-highlight]")) {
      if (begins(mark)) continue
      const parent = mark.parentNode
      mark.replaceWith(...mark.childNodes)
      parent.normalize()
    }
  }

  new MutationObserver(clean).observe(document.body, { childList: true, subtree: true })
  clean()
})()
