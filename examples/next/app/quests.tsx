'use client';
// The React wrapper sets `campaign` (an object) as a property and attaches `onQuestComplete` as
// a listener in an effect, so both survive server rendering and hydration (React 19 sets
// neither on a plain custom element while it hydrates).
import type { Campaign } from '@questboard/core';
import type { QuestCompleteEvent } from '@questboard/elements';
import { QuestBoard } from '@questboard/elements/react';
import { useState } from 'react';
import sample from '../../campaigns/questboard-101.json';

// The JSON import is plain data; the board validates it when it loads.
const campaign = sample as Campaign;

export function Quests() {
  const [points, setPoints] = useState(0);
  const [log, setLog] = useState<{ id: number; line: string }[]>([]);
  const onQuestComplete = (event: QuestCompleteEvent) => {
    setPoints(event.detail.totalPoints);
    setLog((lines) =>
      [
        { id: (lines[0]?.id ?? 0) + 1, line: `quest-complete ${event.detail.taskId}` },
        ...lines,
      ].slice(0, 20),
    );
  };
  return (
    <>
      <p>
        Points this session: <output data-testid="points">{points}</output>
      </p>
      <QuestBoard campaign={campaign} theme="auto" onQuestComplete={onQuestComplete} />
      <ol data-testid="log">
        {log.map((entry) => (
          <li key={entry.id}>{entry.line}</li>
        ))}
      </ol>
    </>
  );
}
