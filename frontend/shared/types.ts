/** The value on the wire: PanelData with offsets in Unicode code points. */
export interface Sentiment {
	label: string;
	score: number;
	scores?: Record<string, number>;
}

export interface Entity {
	start: number;
	end: number;
	label: string;
	score?: number | null;
	sentiment?: Sentiment | null;
	/** entity linking: the knowledge-base identifier, e.g. a Wikidata "Q90" */
	kb_id?: string | null;
	/** where to look the entity up; only an http: or https: URL is ever made a link */
	kb_url?: string | null;
}

export interface Sentence {
	start: number;
	end: number;
	sentiment?: Sentiment | null;
}

/** A word's signed contribution to its sentence's top label, in -1..1 (the strongest word of a sentence has |weight| 1). */
export interface Attribution {
	start: number;
	end: number;
	weight: number;
}

export interface PanelData {
	text: string;
	entities?: Entity[];
	sentiment?: Sentiment | null;
	sentences?: Sentence[];
	attributions?: Attribution[];
}

/** An entity after validation, with UTF-16 offsets for the browser. */
export interface Span {
	/** position in PanelData.entities */
	index: number;
	/** UTF-16 offsets into the text, end exclusive */
	start: number;
	end: number;
	label: string;
	score: number | null;
	sentiment: Sentiment | null;
	/** the entity's knowledge-base identifier and URL, as in PanelData (shown in its tooltip) */
	kb_id?: string | null;
	kb_url?: string | null;
}

export interface SentenceSpan {
	index: number;
	start: number;
	end: number;
	sentiment: Sentiment | null;
}

/** An attribution after validation, with UTF-16 offsets; `start < end`. */
export interface WordWeight {
	/** position in PanelData.attributions */
	index: number;
	start: number;
	end: number;
	weight: number;
}

/** A validated document, ready for layout. */
export interface Doc {
	text: string;
	spans: Span[];
	sentences: SentenceSpan[];
	sentiment: Sentiment | null;
	/** word attributions, sorted by start then end */
	attributions: WordWeight[];
	/** labels in order of first appearance */
	labels: string[];
}
