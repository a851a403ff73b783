/*
 * The timeline and the actors network are wider than a phone: their figures scroll sideways
 * (pictures.css), and a box that opened at its reading start (left in English, right in Arabic)
 * would show the wrong part of each. This script opens each where it says most, and keeps it
 * there while the box changes size (a phone turned on its side, fonts arriving), until the
 * reader scrolls it elsewhere; after printing, it puts a figure it still holds back. A figure
 * that fits is not touched. The areas × years matrix keeps its start: its rows are named there,
 * and a grid of counts with no names would say nothing.
 *
 * The timeline is drawn from the oldest year at its reading start: it opens at its reading end,
 * the newest years. The network right-aligns its names in a column as wide as its longest name,
 * ending at its node column (the SVG's data-axis, written by generator/pictures/network.py in
 * user units from the reading start), with the arcs beyond: opened at its start, a phone showed
 * only the starts of the longest names, no name whole, no node, no arc. It opens with the node
 * column at AXIS_AT of the box's width from its reading start instead: short and medium names
 * whole, their nodes, and the arcs leaving them. A long name cut at the start is whole in its
 * tooltip (the SVG <title>) and in the list under the picture.
 *
 * Opened at its newest years, the timeline's start, where its lanes are named, is off screen:
 * the names (the SVG group .lane-labels, on a card of the page's colour) follow the scroll so
 * that they stay at the reading start of the box, over the marks that pass under them, like the
 * frozen first column of a spreadsheet. Without this script they stay at the picture's start.
 *
 * Right to left, browsers count scrollLeft from 0 at the right edge down to negative numbers;
 * setting it past either end stops at that end, in both directions. Either way the content moves
 * by -scrollLeft, so the names move by +scrollLeft, in the picture's user units.
 */
(function () {
  "use strict"
  const AXIS_AT = 0.6

  function overflows(figure) {
    return figure.scrollWidth - figure.clientWidth > 1
  }

  // The page's direction, which the figures inherit: read once, not on every scroll event.
  const RTL = getComputedStyle(document.documentElement).direction === "rtl"

  /* The scrollLeft a figure opens at, as the browser would stop it at either end. */
  function within(figure, x) {
    const most = Math.max(0, figure.scrollWidth - figure.clientWidth)
    return RTL ? Math.min(0, Math.max(-most, x)) : Math.max(0, Math.min(most, x))
  }

  /* The timeline: its reading end. */
  function end(figure) {
    return RTL ? -figure.scrollWidth : figure.scrollWidth
  }

  /* The network: its node column at AXIS_AT of the box from its reading start. */
  function axis(figure) {
    const svg = figure.querySelector(":scope > svg")
    const units = svg ? parseFloat(svg.dataset.axis) : NaN
    const pic = svg && svg.getBoundingClientRect()
    if (!(units >= 0) || !pic.width) return figure.scrollLeft
    const at = units * pic.width / svg.viewBox.baseVal.width
    const left = figure.getBoundingClientRect().left + figure.clientLeft
    const want = AXIS_AT * figure.clientWidth
    return figure.scrollLeft + (RTL
      ? (pic.right - at) - (left + figure.clientWidth - want)
      : (pic.left + at) - (left + want))
  }

  /* The lanes' names at the box's reading start, wherever the picture is scrolled. */
  function follow(figure) {
    const svg = figure.querySelector(":scope > svg")
    const names = svg && svg.querySelector(".lane-labels")
    if (!names) return
    const drawn = svg.getBoundingClientRect().width
    const scale = drawn > 0 ? svg.viewBox.baseVal.width / drawn : 1
    const shift = figure.scrollLeft * scale
    if (Math.abs(shift) < 0.05) names.removeAttribute("transform")
    else names.setAttribute("transform", `translate(${shift.toFixed(1)} 0)`)
  }

  function hold(figure, where) {
    let pinned = true // where it opened: stays there as the box resizes
    const place = () => {
      if (overflows(figure)) figure.scrollLeft = where(figure)
      follow(figure)
    }
    place()
    figure.addEventListener("scroll", () => {
      pinned = Math.abs(within(figure, where(figure)) - figure.scrollLeft) <= 1
      follow(figure)
    }, { passive: true })
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => (pinned ? place() : follow(figure))).observe(figure)
    }
    window.addEventListener("afterprint", () => (pinned ? place() : follow(figure)))
  }

  for (const [kind, where] of [["timeline", end], ["network", axis]]) {
    for (const figure of document.querySelectorAll(`.md-typeset .briefing-picture-${kind}`)) {
      hold(figure, where)
    }
  }
})()
