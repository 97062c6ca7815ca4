// The page plan: what print/ needs to place blank pages and draw running heads (print/pages.ts),
// made by render/ from the edition and the theme and carried in the print HTML as JSON. One type for
// both sides, so a field added here is seen by the writer and the reader.

/** What a running head shows. */
export type HeadContent = 'edition' | 'chapter' | 'section' | 'none';

export interface PagePlan {
  /** Where chapters start: on a new page, or on a right-hand page (a blank page before when needed). */
  start: 'page' | 'right';
  facing: boolean;
  left: HeadContent;
  right: HeadContent;
  /** The edition's short title. */
  edition: string;
  /** A data: URL drawn in the middle of every running head, or ''. */
  logo?: string;
  chapters: Array<{ id: string; short: string; sections: Array<{ id: string; short: string }> }>;
}

/** The id of the print HTML's `<script type="application/json">` that holds the plan. */
export const PAGE_PLAN_ID = 'briefing-page-plan';

/** The plan as the text of that script element. */
export function pagePlanJson(plan: PagePlan): string {
  // Inside <script type="application/json">: "</" must not close the element.
  return JSON.stringify(plan).replace(/</g, '\\u003c');
}

/** The plan back from that text (the print HTML is ours, made by pagePlanJson). */
export function parsePagePlan(json: string): PagePlan {
  return JSON.parse(json) as PagePlan;
}
