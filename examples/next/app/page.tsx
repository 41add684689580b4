// A server component: it imports the package on the server (nothing registers there, nothing
// touches the DOM) and renders the client component that holds the board.
import { VERSION } from '@questboard/elements';
import { Quests } from './quests';

export default function Page() {
  return (
    <main>
      <header className="site">
        <strong>Acme Protocol</strong>
        <small data-testid="version">@questboard/elements {VERSION}</small>
      </header>
      <h1>Climb the Questboard 101 ladder (Next.js)</h1>
      <Quests />
    </main>
  );
}
