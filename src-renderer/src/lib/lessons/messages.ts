// The Lessons view's texts in English and Spanish. The Spanish quotes are the
// lecture's own words (shared/lecture/lecture-notes-es.txt); the English ones
// translate them. Numbers keep the decimal point in both languages, as the
// lecture writes vectors: [0.23, -0.19, 0.87].
import type { Catalogue, MessageVars } from '../i18n.svelte.ts';

const en = {
  'lessons.title': 'Lessons',
  'lessons.subtitle': 'The lecture’s lessons on embeddings, ready to project in class.',
  'lessons.pages': 'Lesson pages',
  'lessons.language': 'Language',
  'lessons.source': 'From the lecture “Introducción a la implementación de LLMs”, section 2: Embeddings.',
  'tab.onehot': 'One-hot vs. dense',
  'tab.coordinates': 'Semantic coordinates',
  'tab.subwords': 'Subword tokenization',
  loading: 'Loading…',
  run: 'Run',
  'run.none': 'no trained run',
  'run.builtin': 'built-in',

  // ---------- one-hot vs dense ----------
  'onehot.title': 'One-hot encoding vs. dense embeddings',
  'onehot.lead':
    'With words, one-hot encoding represents each word as a vector of zeros except for a single one. Each word is a vector as long as the vocabulary (the unique words in our data).',
  'onehot.words': 'Words',
  'onehot.word': 'Word {n}',
  'onehot.show': 'Show',
  'onehot.vectors': 'One-hot vectors',
  'onehot.vectors.sub': 'A vocabulary of {n} words: each vector has {n} entries, all 0 except one 1.',
  'onehot.cosines': 'Cosine similarity',
  'onehot.cosines.onehot': 'Between one-hot vectors it is always 0: every word is as unlike every other.',
  'onehot.cosines.dense': 'Between dense vectors it is no longer 0: words used in similar contexts come closer.',
  'onehot.formula': 'cosine_similarity(A, B) = dot_product(A, B) / (‖A‖ * ‖B‖)',
  'onehot.dense': 'Dense vectors from a trained run',
  'onehot.dense.lead':
    'Each word is a dense vector of fixed size, e.g. 300 dimensions. Words used in similar contexts get similar embeddings.',
  'onehot.dims': '{dim} dimensions',
  'onehot.unknown': 'not in the vocabulary of {run}',
  'onehot.subword': 'unseen: its vector is built from its character n-grams',
  'onehot.scale':
    'In {run}, the vocabulary has {vocab} words: a one-hot vector would have {vocab} entries; the dense vectors have {dim}.',
  'onehot.noRun':
    'No trained run yet. Train small demo vectors on the built-in demo corpus: fastText, offline, about a minute at most.',
  'onehot.pickRun': 'Pick a run to compare with dense vectors.',
  'demo.train': 'Train demo vectors',
  'demo.importing': 'Importing the demo corpus…',
  'demo.training': 'Training fastText on the demo corpus…',

  // ---------- hand-made coordinates ----------
  'coords.title': 'Hand-made semantic coordinates',
  'coords.lead':
    'Building embeddings as vectors whose dimensions carry a semantic meaning allows algebra between words that can reveal linguistic properties and patterns. We can choose these features. For example:',
  'coords.table': 'Word Coordinates',
  'coords.table.sub': 'Edit any value: the plot and the arithmetic follow.',
  'coords.word': 'Word',
  'coords.value': '{axis} of {word}',
  'axis.gender': 'Gender',
  'axis.age': 'Age',
  'axis.royalty': 'Royalty',
  'coords.reset': 'Restore the lecture’s values',
  'coords.arith': 'Vector arithmetic',
  'coords.arith.lead':
    'The difference between “king” and “man” could be close to the difference between “queen” and “woman”, capturing the gender relation between these words.',
  'coords.minus': 'minus',
  'coords.plus': 'plus',
  'coords.result': 'Result',
  'coords.nearest': 'Nearest word',
  'coords.nearest.sub': 'by distance, the three words of the sum left out',
  'coords.distance': 'distance',
  'coords.cosine': 'cosine',
  'coords.plot': 'The words in 3D',
  'coords.plot.label':
    '3D plot of {n} words on the axes {axes}. Drag to rotate, scroll to zoom, arrow keys pan. The table lists the same values.',
  'coords.plot.noWebgl': 'The 3D plot needs WebGL, which is not available here. The table shows the same values.',
  'coords.resetView': 'Reset view',
  'coords.learned': 'The same words in a learned space',
  'coords.learned.lead':
    'Yet a desirable property of neural networks is to let them decide the features, removing the human factor from the choice. The number of dimensions should be in the hundreds.',
  'coords.learned.axes':
    'The three principal axes of the {dim}-dimensional vectors, found from their cosines: the axes have no names any more. They show {share} of the spread.',
  'coords.learned.missing': 'Not in {run}: {words}',
  'coords.learned.few': '{run} knows too few of these words to place them.',
  'coords.learned.analogy': '{a} − {b} + {c} in {run}',
  'coords.learned.pick': 'Pick a trained run to see where it puts these words.',

  // ---------- subword tokenization ----------
  'sub.title': 'Subword tokenization',
  'sub.lead':
    'Subword tokenization splits words into smaller units (tokens). For example, the word “unhappiness” could be split into “un”, “happy” and “ness”. This lets models handle words not seen during training, building them from the subwords they have seen.',
  'sub.word': 'Type a word',
  'sub.examples': 'Examples',
  'sub.fasttext': 'FastText: character n-grams',
  'sub.fasttext.lead':
    'FastText improves on Word2Vec by treating each word as made of character n-grams. This is particularly useful for languages where adding prefixes or suffixes can change a word’s meaning a lot.',
  'sub.fasttext.how':
    'The word is wrapped as {wrapped}. Its vector is the mean of the vectors of these {count} n-grams, each kept in one of {bucket} rows chosen by a hash, and of the word’s own vector when the word is in the vocabulary.',
  'sub.minn': 'Shortest (minn)',
  'sub.maxn': 'Longest (maxn)',
  'sub.length': '{n} characters',
  'sub.bucket': 'row {bucket}',
  'sub.wordpiece': 'BERT: WordPiece',
  'sub.wordpiece.lead':
    'Longest match first: take the longest piece of the vocabulary that starts the word, then go on with the rest; “##” marks a piece that continues a word. A word that cannot be split becomes [UNK].',
  'sub.wordpiece.vocab': 'Vocabulary: {name}, {size} tokens (lowercased, accents removed).',
  'sub.lecture': 'In the lecture',
  'sub.tokenizer': 'The tokenizer',
  'sub.lecture.note':
    'The lecture’s split is an illustration; the real bert-base-uncased vocabulary splits the word as shown.',
  'sub.id': 'id {id}',
  'sub.none': 'No n-grams between these lengths.',
};

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  'lessons.title': 'Lecciones',
  'lessons.subtitle': 'Las lecciones de la clase sobre embeddings, listas para proyectar.',
  'lessons.pages': 'Páginas de la lección',
  'lessons.language': 'Idioma',
  'lessons.source': 'De la clase «Introducción a la implementación de LLMs», apartado 2: Embeddings.',
  'tab.onehot': 'One-hot frente a denso',
  'tab.coordinates': 'Coordenadas semánticas',
  'tab.subwords': 'Tokenización de subpalabras',
  loading: 'Cargando…',
  run: 'Modelo',
  'run.none': 'ningún modelo entrenado',
  'run.builtin': 'incluido',

  'onehot.title': 'One-hot encoding frente a embeddings densos',
  'onehot.lead':
    'En el caso de las palabras, la codificación one-hot implica representar cada palabra como vector de ‘ceros’, excepto un único ‘uno’. Cada palabra está representada por un vector de longitud igual al tamaño del vocabulario (las palabras únicas en nuestros datos).',
  'onehot.words': 'Palabras',
  'onehot.word': 'Palabra {n}',
  'onehot.show': 'Mostrar',
  'onehot.vectors': 'Vectores one-hot',
  'onehot.vectors.sub': 'Un vocabulario de {n} palabras: cada vector tiene {n} componentes, todas 0 salvo un 1.',
  'onehot.cosines': 'Similitud del coseno',
  'onehot.cosines.onehot': 'Entre vectores one-hot siempre es 0: todas las palabras son igual de distintas entre sí.',
  'onehot.cosines.dense':
    'Entre vectores densos ya no es 0: las palabras usadas en contextos similares quedan más cerca.',
  'onehot.formula': 'cosine_similarity(A, B) = dot_product(A, B) / (‖A‖ * ‖B‖)',
  'onehot.dense': 'Vectores densos de un modelo entrenado',
  'onehot.dense.lead':
    'Cada palabra está representada por un vector denso de tamaño fijo, ejemplo 300 dimensiones. Las palabras utilizadas en contextos similares obtienen embeddings similares.',
  'onehot.dims': '{dim} dimensiones',
  'onehot.unknown': 'no está en el vocabulario de {run}',
  'onehot.subword': 'no vista: su vector se construye con sus n-gramas de caracteres',
  'onehot.scale':
    'En {run}, el vocabulario tiene {vocab} palabras: un vector one-hot tendría {vocab} componentes; los vectores densos tienen {dim}.',
  'onehot.noRun':
    'Aún no hay ningún modelo entrenado. Entrena vectores de demostración con el corpus de ejemplo incluido: fastText, sin conexión, como mucho un minuto.',
  'onehot.pickRun': 'Elige un modelo para comparar con vectores densos.',
  'demo.train': 'Entrenar vectores de demostración',
  'demo.importing': 'Importando el corpus de demostración…',
  'demo.training': 'Entrenando fastText con el corpus de demostración…',

  'coords.title': 'Coordenadas semánticas hechas a mano',
  'coords.lead':
    'Creando embeddings como vectores con dimensiones de significado semántico, se admiten operaciones algebraicas entre palabras que pueden revelar propiedades y patrones lingüísticos. Podemos seleccionar estas características. Por ejemplo:',
  'coords.table': 'Word Coordinates',
  'coords.table.sub': 'Cambia cualquier valor: el gráfico y la aritmética se actualizan.',
  'coords.word': 'Palabra',
  'coords.value': '{axis} de {word}',
  'axis.gender': 'Género',
  'axis.age': 'Edad',
  'axis.royalty': 'Realeza',
  'coords.reset': 'Restaurar los valores de la clase',
  'coords.arith': 'Aritmética de vectores',
  'coords.arith.lead':
    'La diferencia vectorial entre “king” y “man” podría estar cerca de la diferencia vectorial entre “queen” y “woman”, capturando la relación de género entre estas palabras.',
  'coords.minus': 'menos',
  'coords.plus': 'más',
  'coords.result': 'Resultado',
  'coords.nearest': 'Palabra más cercana',
  'coords.nearest.sub': 'por distancia, sin contar las tres palabras de la suma',
  'coords.distance': 'distancia',
  'coords.cosine': 'coseno',
  'coords.plot': 'Las palabras en 3D',
  'coords.plot.label':
    'Gráfico 3D de {n} palabras en los ejes {axes}. Arrastra para girar, usa la rueda para acercar y las flechas para desplazar. La tabla muestra los mismos valores.',
  'coords.plot.noWebgl':
    'El gráfico 3D necesita WebGL, que aquí no está disponible. La tabla muestra los mismos valores.',
  'coords.resetView': 'Restablecer vista',
  'coords.learned': 'Las mismas palabras en un espacio aprendido',
  'coords.learned.lead':
    'Sin embargo, como sabemos, una buena propiedad deseada de NN es dejar que ellas decidan las características, eliminando el factor humano en esta selección. Por otro lado, es bien sabido que el número de dimensiones, o rasgos semánticos, debe ser del orden de centenares.',
  'coords.learned.axes':
    'Los tres ejes principales de los vectores de {dim} dimensiones, calculados a partir de sus cosenos: los ejes ya no tienen nombre. Muestran el {share} de la dispersión.',
  'coords.learned.missing': 'No están en {run}: {words}',
  'coords.learned.few': '{run} conoce muy pocas de estas palabras para situarlas.',
  'coords.learned.analogy': '{a} − {b} + {c} en {run}',
  'coords.learned.pick': 'Elige un modelo entrenado para ver dónde sitúa estas palabras.',

  'sub.title': 'Tokenización de subpalabras',
  'sub.lead':
    'La tokenización de subpalabras implica dividir las palabras en unidades más pequeñas (tokens). Por ejemplo, la palabra “unhappiness” podría dividirse en “un”, “happy”, y “ness”. Esto permite que estos modelos manejen palabras que no se han visto durante el entrenamiento, ya que pueden construir representaciones para estas nuevas palabras a partir de las subpalabras que han visto.',
  'sub.word': 'Escribe una palabra',
  'sub.examples': 'Ejemplos',
  'sub.fasttext': 'FastText: n-gramas de caracteres',
  'sub.fasttext.lead':
    'FastText mejora Word2Vec al tratar cada palabra como compuesta de n-gramas de caracteres. Esto es particularmente útil para idiomas donde el significado de las palabras puede verse muy alterado por la adición de prefijos o sufijos.',
  'sub.fasttext.how':
    'La palabra se envuelve como {wrapped}. Su vector es la media de los vectores de estos {count} n-gramas, cada uno guardado en una de {bucket} filas elegida por un hash, y del vector de la propia palabra cuando está en el vocabulario.',
  'sub.minn': 'Más corto (minn)',
  'sub.maxn': 'Más largo (maxn)',
  'sub.length': '{n} caracteres',
  'sub.bucket': 'fila {bucket}',
  'sub.wordpiece': 'BERT: WordPiece',
  'sub.wordpiece.lead':
    'La coincidencia más larga primero: se toma la pieza más larga del vocabulario que empieza la palabra y se sigue con el resto; “##” marca una pieza que continúa una palabra. Una palabra que no se puede dividir queda como [UNK].',
  'sub.wordpiece.vocab': 'Vocabulario: {name}, {size} tokens (en minúsculas, sin acentos).',
  'sub.lecture': 'En la clase',
  'sub.tokenizer': 'El tokenizador',
  'sub.lecture.note':
    'La división de la clase es una ilustración; el vocabulario real de bert-base-uncased divide la palabra como se ve.',
  'sub.id': 'id {id}',
  'sub.none': 'No hay n-gramas entre estas longitudes.',
};

export const lessonMessages: Catalogue<MessageKey> = { en, es };

/** what the lesson components get to translate with */
export type Translate = (key: MessageKey, vars?: MessageVars) => string;
