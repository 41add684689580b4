import '../packages/elements/src/define.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

interface ProgressArgs {
  value: number;
  max: number;
  label: string;
  locale: string;
  dir: 'ltr' | 'rtl';
}

const meta: Meta<ProgressArgs> = {
  title: 'Elements/quest-progress',
  component: 'quest-progress',
  argTypes: {
    value: { control: { type: 'number', min: 0 } },
    max: { control: { type: 'number', min: 0 } },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  args: { value: 3, max: 8, label: '', locale: 'en', dir: 'ltr' },
  render: (args) =>
    html`<quest-progress
      dir=${args.dir}
      .value=${args.value}
      .max=${args.max}
      .label=${args.label || undefined}
      .locale=${args.locale}
    ></quest-progress>`,
};
export default meta;

type Story = StoryObj<ProgressArgs>;

export const Started: Story = {};
export const Empty: Story = { args: { value: 0 } };
export const Complete: Story = { args: { value: 8 } };
export const CustomLabel: Story = { args: { label: 'Your climb' } };
export const Spanish: Story = { args: { locale: 'es', value: 1, max: 1 } };
export const RightToLeft: Story = { args: { dir: 'rtl' } };
/** A campaign without tasks: nothing to count. */
export const NoTasks: Story = { args: { value: 0, max: 0 } };
export const LongLabel: Story = {
  args: { label: 'Your climb through every tier of this very long campaign, step by step' },
};
