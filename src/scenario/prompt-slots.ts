// Content that fills `{slot}`s in prompt templates: names, places, code, maths problems, news
// paragraphs, free sentences. Built from combinable parts so rendered prompts rarely repeat,
// the way real traffic carries different documents, numbers and questions in one template.
import { integerBetween, pick, type RandomSource } from './random-helpers.js';

const NAMES = ['Alice', 'Bob', 'Chen Wei', 'Fatima', 'Ivan', 'Priya', 'Marco', 'Sofia', 'Kenji', 'Amara', 'Lukas', 'Maria', 'Diego', 'Aisha', 'Tom', 'Yuki', 'Olga', 'Samir', 'Grace', 'Noah', 'Elena', 'Ravi', 'Hannah', 'Mateo', 'Zainab', 'Pierre', 'Ingrid', 'Kwame', 'Lena', 'Omar', 'Beatriz', 'Jonas', 'Mei', 'Carlos', 'Nadia', 'Felix', 'Anya', 'Tariq', 'Clara', 'Hugo'];
const CITIES = ['Lisbon', 'Berlin', 'Osaka', 'Nairobi', 'Toronto', 'Lima', 'Krakow', 'Hanoi', 'Austin', 'Melbourne', 'Seoul', 'Porto', 'Denver', 'Cairo', 'Oslo', 'Bogota', 'Dublin', 'Mumbai', 'Istanbul', 'Seville', 'Chicago', 'Taipei', 'Accra', 'Vienna', 'Montreal', 'Santiago', 'Prague', 'Manila', 'Boston', 'Lagos'];
const LANGUAGES = ['French', 'German', 'Japanese', 'Spanish', 'Korean', 'Portuguese', 'Italian', 'Dutch', 'Polish', 'Turkish', 'Vietnamese', 'Hindi', 'Arabic', 'Swedish', 'Indonesian', 'Ukrainian', 'Greek', 'Czech'];
const FOODS = ['lasagna', 'pad thai', 'banana bread', 'shakshuka', 'ramen', 'tacos al pastor', 'paella', 'butter chicken', 'pierogi', 'falafel', 'risotto', 'bibimbap', 'moussaka', 'pho', 'goulash', 'empanadas', 'tiramisu', 'jollof rice'];
const PRODUCTS = ['wireless earbuds', 'standing desk', 'espresso machine', 'e-bike', 'robot vacuum', 'mechanical keyboard', 'air purifier', 'smart thermostat', 'running shoes', 'tablet', 'camping tent', 'noise cancelling headphones', 'office chair', 'blender', 'electric toothbrush'];
const COMPANIES = ['Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella Logistics', 'Stark Foods', 'Wayne Freight', 'Acme Retail', 'Blue Harbor Bank', 'Pinecrest Health', 'Helios Energy', 'Vertex Insurance'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const SUBJECTS = ['my manager', 'the new intern', 'our landlord', 'my sister', 'the client', 'the support team', 'my neighbour', 'the school board', 'our marketing lead', 'my study group', 'the contractor', 'my doctor', 'the city council', 'the hiring committee', 'my roommate', 'our product owner', 'the finance department', 'my coach', 'the tour guide', 'our vendor', 'my professor', 'the mechanic', 'the band', 'my grandmother', 'the editor'];
const VERBS = ['keeps postponing', 'wants to rethink', 'is worried about', 'asked me to summarize', 'just approved', 'rejected', 'is excited about', 'complained about', 'needs feedback on', 'forgot about', 'wants a cheaper version of', 'doubled the budget for', 'is still confused by', 'proposed changes to', 'wants weekly updates on', 'is negotiating', 'cancelled', 'is writing a report on'];
const OBJECTS = ['the quarterly plan', 'the garden renovation', 'the onboarding checklist', 'our trip itinerary', 'the insurance claim', 'the pricing page', 'the wedding playlist', 'the research proposal', 'the move to a new flat', 'the volunteer schedule', 'the grant application', 'the kitchen remodel', 'the customer survey', 'the conference talk', 'the holiday rota', 'the thesis chapter', 'the recycling policy', 'the podcast episode', 'the migration to the cloud', 'the charity run', 'the lease renewal', 'the fundraising dinner', 'the exam timetable', 'the delivery contract'];
const TAILS = ['and I do not know how to respond', 'before the end of the month', 'which makes everyone nervous', 'even though nobody asked', 'and the deadline is tight', 'so I need a clear plan', 'and I want to be polite about it', 'without telling the rest of the team', 'because prices went up again', 'after last week\'s meeting', 'while I am travelling', 'and it has become a running joke', 'since the last update failed', 'which is honestly fine'];

const WORDS = ['river', 'lantern', 'budget', 'orbit', 'velvet', 'harbor', 'pixel', 'maple', 'thunder', 'canvas', 'ledger', 'meadow', 'quartz', 'sparrow', 'tunnel', 'violet', 'walnut', 'anchor', 'blossom', 'cobalt', 'drizzle', 'ember', 'fossil', 'glacier', 'hammock', 'igloo', 'jasmine', 'kettle', 'lagoon', 'mosaic', 'nectar', 'opal', 'pepper', 'quill', 'ribbon', 'saddle', 'timber', 'umbrella', 'vapor', 'willow', 'yarn', 'zephyr', 'bicycle', 'compass', 'dolphin', 'engine', 'falcon', 'granite', 'horizon', 'island', 'jungle', 'kayak', 'lemon', 'magnet', 'needle', 'olive', 'parcel', 'rocket', 'signal', 'tablet', 'valley', 'window', 'carpet', 'garden', 'pocket', 'silver', 'market', 'winter', 'summer', 'bridge', 'castle', 'forest', 'planet', 'spring', 'stream', 'station', 'village', 'museum', 'ticket', 'letter', 'mirror', 'pencil', 'shadow', 'candle', 'pillow', 'basket', 'helmet', 'jacket', 'ladder', 'marble', 'napkin', 'oyster', 'puzzle', 'rabbit', 'saucer', 'tomato', 'violin', 'wallet', 'cricket', 'diamond', 'feather', 'giraffe', 'hydrant', 'kitchen', 'lobster', 'monitor', 'noodle', 'octopus', 'penguin', 'quarter', 'raccoon', 'sandals', 'trumpet', 'unicorn', 'vulture', 'whistle'];

const SENSITIVE_TOPICS = ['the 2019 protests', 'the border dispute', 'the labour camp reports', 'the banking collapse', 'the disputed election', 'the flood response', 'the arrest of the journalist', 'the vaccine procurement scandal', 'the land seizures', 'the mining accident', 'the student movement', 'the detention of activists', 'the factory fire', 'the censorship of the film', 'the strike at the port', 'the poisoned milk case'];
const REPORT_SUBJECTS = ['Witnesses', 'Independent reporters', 'Local residents', 'Family members', 'Human rights groups', 'Foreign correspondents', 'Former officials', 'Students', 'Doctors at the scene', 'Workers'];
const REPORT_CLAIMS = ['described police using force against peaceful crowds', 'documented shortages that officials denied', 'said the warnings came far too late', 'claimed the casualty figures were altered before publication', 'reported that several people are still missing', 'accused the authorities of covering up the cause', 'said posts about the event were deleted within hours', 'estimated the losses at several times the official number', 'were questioned after speaking to the press', 'said compensation was never paid'];

const TOOLS = ['search_web', 'get_weather', 'run_python', 'read_file', 'write_file', 'send_email', 'query_database', 'create_ticket', 'list_directory', 'run_tests', 'git_diff', 'git_commit', 'http_request', 'open_browser', 'click_element', 'fill_form', 'calendar_create', 'execute_shell', 'search_code', 'apply_patch'];
const AGENT_TASKS = ['refactor the payment module and run the tests', 'add pagination to the orders endpoint', 'migrate the settings page to the new form library', 'find why the nightly build fails on arm64', 'write integration tests for the invoice service', 'book a flight from {city} to {city} for next {weekday}', 'scrape the pricing page and build a comparison table', 'upgrade the logging library and fix the breaking changes', 'add retry with backoff to the webhook sender', 'implement rate limiting for the public API', 'convert the CLI from callbacks to async functions', 'fix the race condition in the cache invalidation', 'generate a changelog from the last 40 commits', 'set up a CI job that lints and tests every pull request', 'port the image resizer from Python to Go', 'add dark mode to the dashboard'];
const IDENTIFIERS = ['user', 'order', 'invoice', 'session', 'cart', 'payload', 'config', 'record', 'report', 'token', 'queue', 'cache', 'account', 'buffer', 'result', 'request', 'entry', 'batch'];
const FILE_DIRECTORIES = ['src', 'src/api', 'src/services', 'lib', 'app/models', 'internal/store', 'pkg/http', 'web/components', 'scripts', 'tests'];
const FILE_EXTENSIONS = ['ts', 'py', 'go', 'rs', 'java', 'js'];
const ERRORS = ['TypeError: Cannot read properties of undefined (reading \'{identifier}\')', 'KeyError: \'{identifier}_id\'', 'panic: runtime error: index out of range [{number}] with length {number}', 'AssertionError: expected {number} to equal {number}', 'ConnectionResetError: [Errno 104] Connection reset by peer', 'java.lang.NullPointerException at {identifier}Service.java:{number}', 'error[E0502]: cannot borrow `{identifier}` as mutable because it is also borrowed as immutable'];
const QUESTIONS = ['why is the sky blue', 'what causes inflation', 'how do vaccines train the immune system', 'how does a transistor amplify a signal', 'why did the Roman empire fall', 'how do noise cancelling headphones work', 'what is the difference between weather and climate', 'how does compound interest work', 'why do cats purr', 'how are black holes detected', 'what makes bread rise', 'how does GPS know where I am', 'why do we dream', 'how do credit scores work', 'what is quantum entanglement', 'how does the stock market set prices', 'why are some languages tonal', 'how do tides work'];

// Every generator draws several wide-ranged numbers: millions of campaign prompts share ten
// templates, and the problems are what keeps two of them from being byte-identical.
const PROBLEM_GENERATORS: ReadonlyArray<(rng: RandomSource) => string> = [
  (rng) => `a train leaves at ${integerBetween(5, 11, rng)}:${integerBetween(10, 59, rng)} travelling ${integerBetween(60, 140, rng)} km/h and another leaves ${integerBetween(20, 90, rng)} minutes later at ${integerBetween(80, 180, rng)} km/h; when does the second catch up`,
  (rng) => `find the smallest positive solution of x^2 - ${pick([2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 17, 18, 19, 21, 22, 23], rng)}y^2 = 1, then the next ${integerBetween(2, 9, rng)} solutions, and give each x modulo ${integerBetween(1_000, 99_999, rng)}`,
  (rng) => `a tank of ${integerBetween(100, 9_999, rng)} litres fills in ${integerBetween(3, 12, rng)} hours and drains in ${integerBetween(13, 30, rng)} hours; a second inlet that fills it in ${integerBetween(2, 40, rng)} hours opens ${integerBetween(5, 120, rng)} minutes later; when is it full`,
  (rng) => `compute the probability of drawing at least ${integerBetween(2, 4, rng)} aces when ${integerBetween(5, 20, rng)} cards are drawn from ${integerBetween(1, 8, rng)} shuffled decks, and how many of ${integerBetween(100, 99_999, rng)} simulated draws should show it`,
  (rng) => `prove that the sum of the first n odd numbers is n squared, then verify it for n = ${integerBetween(5, 999, rng)} and n = ${integerBetween(1_000, 99_999, rng)}`,
  (rng) => `how many ways can ${integerBetween(2, 9, rng)} rooks be placed on a ${integerBetween(5, 30, rng)}x${integerBetween(5, 30, rng)} board with ${integerBetween(0, 20, rng)} blocked squares so none attack each other, and what changes with ${integerBetween(1, 99, rng)} extra rows`,
  (rng) => `integrate x^${integerBetween(1, 6, rng)} times e to the ${integerBetween(2, 19, rng)}x from ${integerBetween(0, 5, rng)} to ${integerBetween(6, 40, rng)} and give the result to ${integerBetween(2, 12, rng)} significant figures, then do the same for the upper limit ${integerBetween(41, 999, rng)}`,
  (rng) => `a loan of $${integerBetween(5, 900, rng)},${integerBetween(100, 999, rng)} at ${integerBetween(2, 9, rng)}.${integerBetween(0, 99, rng)}% compounded monthly for ${integerBetween(2, 30, rng)} years: what is the monthly payment`,
  (rng) => `a rectangle has perimeter ${integerBetween(20, 9_999, rng)} and its length is ${integerBetween(2, 9, rng)}.${integerBetween(0, 9, rng)} times its width; find its area and its diagonal to ${integerBetween(2, 6, rng)} decimals`,
  (rng) => `solve the system ${integerBetween(2, 99, rng)}x + ${integerBetween(2, 99, rng)}y = ${integerBetween(10, 999, rng)} and ${integerBetween(2, 99, rng)}x - ${integerBetween(2, 99, rng)}y = ${integerBetween(1, 400, rng)}`,
  (rng) => `what is the remainder when ${integerBetween(2, 99, rng)}^${integerBetween(50, 9_999, rng)} is divided by ${integerBetween(7, 997, rng)}`,
  (rng) => `a bag has ${integerBetween(3, 60, rng)} red, ${integerBetween(3, 60, rng)} blue and ${integerBetween(0, 40, rng)} green marbles; what is the chance that ${integerBetween(2, 6, rng)} drawn without replacement are all red`,
  (rng) => `find the shortest path length from A to F in a graph whose edges are A-B ${integerBetween(1, 99, rng)}, B-C ${integerBetween(1, 99, rng)}, A-D ${integerBetween(1, 99, rng)}, D-E ${integerBetween(1, 99, rng)}, C-F ${integerBetween(1, 99, rng)}, E-F ${integerBetween(1, 99, rng)}`,
  (rng) => `how many ${integerBetween(3, 9, rng)}-digit numbers have digits that add up to ${integerBetween(5, 60, rng)} and are divisible by ${integerBetween(2, 99, rng)}, and which is the ${integerBetween(2, 999, rng)}th smallest`,
];

const CODE_GENERATORS: ReadonlyArray<(rng: RandomSource) => string> = [
  (rng) => `def total_${pick(IDENTIFIERS, rng)}(items): return sum(i.${pick(IDENTIFIERS, rng)} for i in items if i.${pick(IDENTIFIERS, rng)} > ${integerBetween(0, 500, rng)})`,
  (rng) => `for (let i = 0; i <= ${pick(IDENTIFIERS, rng)}s.length; i++) { total += ${pick(IDENTIFIERS, rng)}s[i].amount * ${integerBetween(2, 99, rng)}; }`,
  (rng) => `SELECT ${pick(IDENTIFIERS, rng)}_id, count(*) FROM ${pick(IDENTIFIERS, rng)}s WHERE created_at > now() - interval '${integerBetween(1, 90, rng)} days' GROUP BY 1`,
  (rng) => `func (s *${pick(IDENTIFIERS, rng)}Store) Get(id int) (*${pick(IDENTIFIERS, rng)}, error) { s.mu.Lock(); return s.items[id], nil }`,
  (rng) => `const ${pick(IDENTIFIERS, rng)} = await fetch(\`/api/${pick(IDENTIFIERS, rng)}s/\${id}\`).then(r => r.json()); cache.set(id, ${pick(IDENTIFIERS, rng)});`,
  (rng) => `fn parse_${pick(IDENTIFIERS, rng)}(input: &str) -> Option<u${pick(['8', '16', '32', '64'], rng)}> { input.trim().parse().ok().map(|v| v * ${integerBetween(2, 64, rng)}) }`,
  (rng) => `public ${pick(IDENTIFIERS, rng)}Dto map(${pick(IDENTIFIERS, rng)} e) { return new ${pick(IDENTIFIERS, rng)}Dto(e.getId(), e.getName().substring(${integerBetween(0, 9, rng)})); }`,
  (rng) => `while queue: node = queue.pop(); seen.add(node); queue.extend(n for n in graph[node] if n not in seen and weight(n) < ${integerBetween(1, 99, rng)})`,
];

function sentence(rng: RandomSource): string {
  const text = `${pick(SUBJECTS, rng)} ${pick(VERBS, rng)} ${pick(OBJECTS, rng)} ${pick(TAILS, rng)}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function words(count: number, rng: RandomSource): string {
  const chosen: string[] = [];
  for (let index = 0; index < count; index += 1) chosen.push(pick(WORDS, rng));
  return chosen.join(' ');
}

function fillInline(text: string, rng: RandomSource): string {
  return text.replace(/\{(\w+)\}/g, (_match, slot: string) => fillSlot(slot, rng));
}

type SlotFiller = (rng: RandomSource) => string;

const FILLERS: Readonly<Record<string, SlotFiller>> = {
  name: (rng) => pick(NAMES, rng),
  city: (rng) => pick(CITIES, rng),
  language: (rng) => pick(LANGUAGES, rng),
  food: (rng) => pick(FOODS, rng),
  product: (rng) => pick(PRODUCTS, rng),
  company: (rng) => pick(COMPANIES, rng),
  weekday: (rng) => pick(WEEKDAYS, rng),
  month: (rng) => pick(MONTHS, rng),
  number: (rng) => String(integerBetween(2, 60, rng)),
  bignumber: (rng) => String(integerBetween(100, 999_999, rng)),
  id: (rng) => `${pick(['T', 'INC', 'ORD', 'REQ', 'CASE'], rng)}-${integerBetween(10_000, 9_999_999, rng)}`,
  date: (rng) => `${integerBetween(1, 28, rng)} ${pick(MONTHS, rng)} ${integerBetween(2019, 2026, rng)}`,
  sentence,
  paragraph: (rng) => `${sentence(rng)} ${sentence(rng)}${rng() < 0.5 ? ` ${sentence(rng)}` : ''}`,
  words: (rng) => words(integerBetween(4, 14, rng), rng),
  topic: (rng) => pick(OBJECTS, rng),
  sensitive: (rng) => pick(SENSITIVE_TOPICS, rng),
  report: (rng) => `${pick(REPORT_SUBJECTS, rng)} ${pick(REPORT_CLAIMS, rng)}. ${pick(REPORT_SUBJECTS, rng)} ${pick(REPORT_CLAIMS, rng)} on ${integerBetween(1, 28, rng)} ${pick(MONTHS, rng)}.`,
  tool: (rng) => pick(TOOLS, rng),
  task: (rng) => fillInline(pick(AGENT_TASKS, rng), rng),
  identifier: (rng) => pick(IDENTIFIERS, rng),
  file: (rng) => `${pick(FILE_DIRECTORIES, rng)}/${pick(IDENTIFIERS, rng)}_${pick(IDENTIFIERS, rng)}.${pick(FILE_EXTENSIONS, rng)}`,
  code: (rng) => pick(CODE_GENERATORS, rng)(rng),
  error: (rng) => fillInline(pick(ERRORS, rng), rng),
  problem: (rng) => pick(PROBLEM_GENERATORS, rng)(rng),
  question: (rng) => pick(QUESTIONS, rng),
};

export const SLOT_NAMES: readonly string[] = Object.keys(FILLERS);

/** The filler for one slot name, looked up once when a template is compiled; undefined for an unknown slot. */
export function slotFiller(slot: string): SlotFiller | undefined {
  return FILLERS[slot];
}

/** Content for one `{slot}`; an unknown slot name is written as itself so a typo shows in output. */
export function fillSlot(slot: string, rng: RandomSource): string {
  const filler = FILLERS[slot];
  return filler ? filler(rng) : slot;
}
