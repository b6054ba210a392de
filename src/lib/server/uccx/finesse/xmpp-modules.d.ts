/**
 * The part of xmpp.js (`@xmpp/client` 0.14, `@xmpp/xml`) that Vigie uses, typed: the packages ship JavaScript
 * without declarations. Keep it to what is called; the names are those of the packages' sources.
 */

declare module '@xmpp/xml' {
	type Attrs = Record<string, string | number | undefined>;

	/** An XML element (ltx's Element): stanzas, and the documents parsed with `Parser`. */
	export class Element {
		constructor(name: string, attrs?: Attrs);
		name: string;
		attrs: Record<string, string | undefined>;
		children: (Element | string)[];
		parent: Element | null;
		is(name: string, xmlns?: string): boolean;
		getName(): string;
		getNS(): string | undefined;
		getAttr(name: string): string | undefined;
		getChild(name: string, xmlns?: string): Element | undefined;
		getChildren(name: string, xmlns?: string): Element[];
		getChildElements(): Element[];
		getChildText(name: string, xmlns?: string): string | null;
		/** The element's own text, entities decoded. */
		getText(): string;
		text(): string;
		append(...children: (Element | string)[]): Element;
		toString(): string;
	}

	/** A streaming XML parser (ltx): `start` gives the root, `element` each closed child of the root. */
	export class Parser {
		on(event: 'start' | 'element' | 'end', listener: (element: Element) => void): this;
		on(event: 'error', listener: (error: Error) => void): this;
		write(data: string): void;
		end(data?: string): void;
	}

	export function xml(
		name: string,
		attrs?: Attrs | null,
		...children: (Element | string | null | undefined)[]
	): Element;
	export function escapeXMLText(text: string): string;
	export default xml;
}

declare module '@xmpp/client' {
	import type { Element } from '@xmpp/xml';
	export { xml } from '@xmpp/xml';

	export interface JID {
		local: string;
		domain: string;
		resource: string;
		bare(): JID;
		toString(): string;
	}

	/** The client's events used here: `status` on every change, `stanza`, `error`, and the socket's end. */
	export interface Client {
		status: string;
		jid: JID | null;
		/** The transport's socket: a `net.Socket`, the TLS wrapper (`.socket`), or the WebSocket wrapper (`.socket`). */
		socket: unknown;
		/** The default timeout (ms) of the stream's steps (open, close, resource binding). */
		timeout: number;
		start(): Promise<JID>;
		stop(): Promise<void>;
		send(element: Element): Promise<void>;
		on(event: 'stanza' | 'element', listener: (element: Element) => void): this;
		on(event: 'error', listener: (error: Error) => void): this;
		on(event: 'status', listener: (status: string, detail?: unknown) => void): this;
		on(event: 'online', listener: (jid: JID) => void): this;
		on(event: 'offline' | 'disconnect', listener: (detail?: unknown) => void): this;
		removeAllListeners(event?: string): this;
		iqCaller: {
			/** Sends an iq and resolves with the answering iq; rejects with a `StanzaError` (`.condition`) or a timeout. */
			request(element: Element, timeout?: number): Promise<Element>;
		};
		reconnect: {
			delay: number;
			stop(): void;
			start(): void;
			on(event: 'reconnecting' | 'reconnected', listener: () => void): void;
		};
	}

	export interface ClientOptions {
		/** `xmpp://host:port` (STARTTLS when offered), `xmpps://host:port` (direct TLS), `ws://…` or `wss://…`. */
		service: string;
		domain: string;
		username?: string;
		password?: string;
		resource?: string;
		timeout?: number;
	}

	export function client(options: ClientOptions): Client;
}
