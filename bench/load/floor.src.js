// The floor: the least any Lit widget must do to show a task — load lit (bundled and minified
// like the board's script-tag file) and render one task title in a shadow root.
import { html, LitElement } from 'lit';

class FloorTask extends LitElement {
  render() {
    return html`<div part="task"><h4 part="task-title">Visit the docs</h4></div>`;
  }
}
customElements.define('floor-task', FloorTask);
