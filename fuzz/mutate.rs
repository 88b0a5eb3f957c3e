//! The mutator of the fuzzing harness: a small deterministic random number generator and
//! byte-level mutations of corpus entries (bit flips, inserted, deleted, repeated and
//! spliced ranges, dictionary tokens), stacked a few at a time as libFuzzer does.

/// SplitMix64: fast, deterministic from its seed, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that often matter to parsers: delimiters, quotes, escapes, controls, the lead
/// bytes of multi-byte UTF-8 and a byte that is never UTF-8.
const INTERESTING: &[u8] = b"{}()[]<>\"'\\\n\r\t\0 .;,:?$#@%&=+/*!^|_-0123456789\xc3\xe2\xf0\xff\x80";

/// A mutation of an entry of `pool`: 1 to 8 stacked byte-level changes, at most
/// `max_len` bytes long.
pub fn mutate(rng: &mut Rng, pool: &[Vec<u8>], dictionary: &[&str], max_len: usize) -> Vec<u8> {
    let mut data = pool[rng.below(pool.len())].clone();
    let most = if rng.below(4) == 0 { 8 } else { 3 };
    let changes = 1 + rng.below(most);
    for _ in 0..changes {
        change(rng, &mut data, pool, dictionary);
    }
    data.truncate(max_len);
    data
}

fn change(rng: &mut Rng, data: &mut Vec<u8>, pool: &[Vec<u8>], dictionary: &[&str]) {
    let len = data.len();
    let at = rng.below(len + 1);
    match rng.below(10) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = INTERESTING[rng.below(INTERESTING.len())];
        }
        2 if len > 0 => {
            let end = (at + 1 + rng.below(16)).min(len);
            data.drain(at.min(end)..end);
        }
        3 => {
            let n = 1 + rng.below(4);
            let bytes: Vec<u8> = (0..n).map(|_| INTERESTING[rng.below(INTERESTING.len())]).collect();
            data.splice(at..at, bytes);
        }
        4 | 5 if !dictionary.is_empty() => {
            let token = dictionary[rng.below(dictionary.len())].as_bytes().to_vec();
            if rng.below(3) == 0 && len > 0 {
                // replace a word-sized range by the token
                let end = (at + 1 + rng.below(8)).min(len);
                data.splice(at.min(end)..end, token);
            } else {
                data.splice(at..at, token);
            }
        }
        6 if len > 0 => {
            // copy a range elsewhere
            let start = rng.below(len);
            let end = (start + 1 + rng.below(32)).min(len);
            let chunk = data[start..end].to_vec();
            let to = rng.below(data.len() + 1);
            data.splice(to..to, chunk);
        }
        7 if len > 0 => {
            // repeat a short range many times: deep nesting, long runs, long lists
            let start = rng.below(len);
            let end = (start + 1 + rng.below(6)).min(len);
            let chunk = data[start..end].to_vec();
            let times = [2, 10, 100, 300, 1000][rng.below(5)];
            let repeated: Vec<u8> = chunk.iter().copied().cycle().take(chunk.len() * times).collect();
            data.splice(start..start, repeated);
        }
        8 => {
            // splice: the head of this entry and the tail of another
            let other = &pool[rng.below(pool.len())];
            let from = rng.below(other.len() + 1);
            data.truncate(at);
            data.extend_from_slice(&other[from..]);
        }
        _ if len > 0 => {
            let i = rng.below(len);
            let delta = [1u8, 255, 16, 240][rng.below(4)];
            data[i] = data[i].wrapping_add(delta);
        }
        _ => data.push(INTERESTING[rng.below(INTERESTING.len())]),
    }
}
