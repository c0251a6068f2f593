/** A search snippet, with the words Hearth matched (wrapped in [[ and ]]) marked. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/\[\[(.*?)\]\]/s);
  return (
    <span className="snippet">
      {parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}
    </span>
  );
}
