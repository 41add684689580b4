/** The focused element, looking through open shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Whether focus was lost to the page (nothing meaningful is focused). */
export function focusIsLost(): boolean {
  const active = deepActiveElement();
  return !active || active === document.body || active === document.documentElement;
}
