import i18next, { type TFunction } from 'i18next';
import { getContext, setContext } from 'svelte';
import { en } from './en.ts';
import { fr, type Messages } from './fr.ts';

/**
 * Typed keys: `t('wall.waitng')` fails `npm run check`. i18next reads the French messages' shape; strictKeyChecks
 * refuses an unknown key even when a `defaultValue` is given.
 */
declare module 'i18next' {
	interface CustomTypeOptions {
		defaultNS: 'translation';
		resources: { translation: Messages };
		strictKeyChecks: true;
	}
}

/** French by default, English available. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';
export const LOCALE_COOKIE = 'vigie_lang';

export function isLocale(value: string | null | undefined): value is Locale {
	return (LOCALES as readonly (string | null | undefined)[]).includes(value);
}

const instance = i18next.createInstance();
void instance.init({
	resources: { fr: { translation: fr }, en: { translation: en } },
	lng: DEFAULT_LOCALE,
	fallbackLng: DEFAULT_LOCALE,
	initAsync: false,
	// Svelte escapes what it renders; i18next must not escape it a second time.
	interpolation: { escapeValue: false }
});

export type Translate = TFunction<'translation'>;

/** The text function of one language, e.g. `t('wall.waiting')`. */
export function translator(locale: Locale): Translate {
	return instance.getFixedT(locale);
}

const KEY = Symbol('vigie.i18n');

/** Called once by the root layout; every component then takes its text with `useT()`. */
export function provideTranslator(locale: Locale): void {
	setContext(KEY, translator(locale));
}

export function useT(): Translate {
	return getContext<Translate>(KEY);
}
