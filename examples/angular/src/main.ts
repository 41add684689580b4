import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { defineQuestElements } from '@questboard/elements';
import { AppComponent } from './app.component';
import './app.css';

// Register <quest-board> before Angular renders one.
defineQuestElements();

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch(
  (error: unknown) => console.error(error),
);
