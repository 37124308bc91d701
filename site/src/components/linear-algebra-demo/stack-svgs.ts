const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The charts (`<svg>`s) inside `container`, stacked top to bottom into one new `<svg>` held by
 * a detached `<div>`, so that ExportButtons' "Download SVG", which saves the first `<svg>` it
 * finds, saves every chart of the figure. Each chart keeps its own `<style>` and `<title>`.
 */
export function stackSvgs(container: HTMLElement): HTMLElement | null {
  const charts = [...container.querySelectorAll<SVGSVGElement>(':scope svg')].filter(
    // Only top-level charts: Plot draws markers and tips inside them.
    (svg) => !svg.parentElement?.closest('svg'),
  );
  if (charts.length === 0) return null;
  const wrapper = document.createElement('div');
  if (charts.length === 1) {
    wrapper.append(charts[0]?.cloneNode(true) as SVGSVGElement);
    return wrapper;
  }
  const size = (svg: SVGSVGElement, name: 'width' | 'height') =>
    Number(svg.getAttribute(name)) || svg.getBoundingClientRect()[name];
  const width = Math.max(...charts.map((svg) => size(svg, 'width')));
  const outer = document.createElementNS(SVG_NS, 'svg');
  // The page's background behind the page's text colour (set below), in either colour mode.
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute(
    'fill',
    getComputedStyle(document.documentElement).getPropertyValue('--ifm-background-color').trim() ||
      '#fff',
  );
  outer.append(background);
  let y = 0;
  for (const svg of charts) {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('y', String(y));
    outer.append(copy);
    y += size(svg, 'height');
  }
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(y));
  outer.setAttribute('viewBox', `0 0 ${width} ${y}`);
  // Plot writes text in currentColor: keep the page's colour once the file leaves the page
  // (as an attribute: ExportButtons resets the inline style colour of what it saves).
  outer.setAttribute('color', getComputedStyle(container).color);
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = charts.map((svg) => svg.querySelector('title')?.textContent ?? '').join('; ');
  outer.prepend(title);
  wrapper.append(outer);
  return wrapper;
}
