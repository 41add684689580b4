import { ChangeDetectionStrategy, Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { Campaign } from '@questboard/core';
import type {
  QuestCompleteEvent,
  QuestErrorEvent,
  QuestTheme,
  QuestUnlockEvent,
  QuestVerifyEvent,
} from '@questboard/elements';
import sample from '../../campaigns/questboard-101.json';

@Component({
  selector: 'app-root',
  // <quest-board> is a custom element: let Angular bind its properties and events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main>
      <header class="site">
        <strong>Acme Protocol</strong>
        <label>
          Theme
          <select [value]="theme()" (change)="setTheme($event)">
            <option value="auto">Auto</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </header>
      <h1>Climb the Questboard 101 ladder (Angular)</h1>
      <p>Points this session: <output data-testid="points">{{ points() }}</output></p>
      <!-- [campaign] binds a DOM property (the object); (quest-complete) listens to that event. -->
      <quest-board
        [campaign]="campaign"
        [theme]="theme()"
        (quest-verify)="onVerify($event)"
        (quest-complete)="onComplete($event)"
        (quest-unlock)="onUnlock($event)"
        (quest-error)="onError($event)"
      ></quest-board>
      <section aria-labelledby="log-title">
        <h2 id="log-title">Events</h2>
        <ol data-testid="log">
          @for (entry of log(); track entry.id) {
            <li>{{ entry.line }}</li>
          }
        </ol>
      </section>
    </main>
  `,
})
export class AppComponent {
  /** The JSON import is plain data; the board validates it when it loads. */
  readonly campaign = sample as Campaign;
  readonly theme = signal<QuestTheme>('auto');
  readonly points = signal(0);
  readonly log = signal<{ id: number; line: string }[]>([]);

  // Template event bindings on custom elements give `Event`: narrow to the typed event here.
  onVerify(event: Event) {
    const { taskId, result } = (event as QuestVerifyEvent).detail;
    this.record(`quest-verify ${taskId} ${result.ok ? 'ok' : result.reason}`);
  }
  onComplete(event: Event) {
    const { taskId, points, totalPoints } = (event as QuestCompleteEvent).detail;
    this.points.set(totalPoints);
    this.record(`quest-complete ${taskId} +${points}`);
  }
  onUnlock(event: Event) {
    const { tierIds, taskIds } = (event as QuestUnlockEvent).detail;
    this.record(`quest-unlock ${[...tierIds, ...taskIds].join(', ')}`);
  }
  onError(event: Event) {
    const { error } = (event as QuestErrorEvent).detail;
    this.record(`quest-error ${error.code}: ${error.shortMessage}`);
  }
  setTheme(event: Event) {
    this.theme.set((event.target as HTMLSelectElement).value as QuestTheme);
  }

  private record(line: string) {
    this.log.update((lines) => [{ id: (lines[0]?.id ?? 0) + 1, line }, ...lines].slice(0, 20));
  }
}
