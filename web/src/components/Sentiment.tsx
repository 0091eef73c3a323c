/** The SPEC §7 seven-step sentiment scale: a colour, an icon (the step lit on a seven-step bar) and the level in words. */
import { useTranslation } from 'react-i18next';
import { SENTIMENT_LEVELS, type SentimentLevel } from '../../../src/domain/sentiment-scale.ts';

export function Sentiment({ level, isAlert = false }: { level: SentimentLevel; isAlert?: boolean }) {
  const { t } = useTranslation();
  const rank = SENTIMENT_LEVELS.indexOf(level) - 3;
  return (
    <span className="sentiment" data-rank={rank} data-level={level}>
      <span className="scale" aria-hidden="true">
        {SENTIMENT_LEVELS.map((step, i) => (
          <i key={step} className={i === rank + 3 ? 'on' : undefined} />
        ))}
      </span>
      <span>{t(`sentiment.${level}`)}</span>
      {isAlert && <span className="badge alert">{t('ongoing.alert')}</span>}
    </span>
  );
}
