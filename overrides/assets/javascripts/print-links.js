/*
 * Printed, a link writes its address out after its text (print.css). The page's own links are
 * relative ("../../actors/benny-gantz/"), which says nothing on paper. This script gives each
 * link of the article the full address, in data-print-href, which print.css writes instead: the
 * link resolved against the page's canonical address (the published site's, `site_url`), so a
 * page printed from a local preview or the offline copy still prints the addresses readers
 * cite. Without the script, print.css writes the link as it is.
 */
(function () {
  "use strict"
  const canonical = document.querySelector('link[rel="canonical"]')
  const base = canonical ? canonical.href : location.href
  for (const link of document.querySelectorAll('.md-typeset a[href]:not([href^="#"])')) {
    try {
      link.dataset.printHref = new URL(link.getAttribute("href"), base).href
    } catch (error) {
      // an address the browser cannot read is printed as written
    }
  }
})()
