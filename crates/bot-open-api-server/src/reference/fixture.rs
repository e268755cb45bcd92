//! The seeded users and their transcripts (described in the module docs of [`super`]).
//!
//! Generated from a fixed seed with a small deterministic generator ([`Dice`]), so the content is the
//! same on every run; only the dates are placed relative to the moment of seeding.

use bot_open_api_client::wire::ChannelId;
use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use serde_json::{json, Map, Value};

use super::dates;
use super::messages::{bot_text, text, text_with_buttons, Script, SeededMessage, Sender};
use super::showcase;
use crate::types::{BotUser, BotUserProfile};

/// The seed of every draw: change it and the whole fixture changes.
const SEED: u64 = 0x6b65_7361_725f_7465;

/// Ordinary users per channel (the three showcase users come on top: WhatsApp, webchat, Telegram).
const ORDINARY_USERS: [(ChannelId, usize); 5] = [
    (ChannelId::Whatsapp, 60),
    (ChannelId::Webchat, 30),
    (ChannelId::Telegram, 14),
    (ChannelId::Facebook, 14),
    (ChannelId::InstagramMessaging, 9),
];

/// Users were created between these ages: within the last 60 days, early enough that each has had
/// time for its conversations before "now".
const YOUNGEST_MS: i64 = 2 * 60 * 60 * 1000;
const OLDEST_MS: i64 = 60 * 24 * 60 * 60 * 1000;

const FIRST_NAMES: [&str; 20] = [
    "Aarav",
    "Aditya",
    "Aisha",
    "Amit",
    "Ananya",
    "Arjun",
    "Divya",
    "Farhan",
    "Harsh",
    "Isha",
    "Kavya",
    "Lakshmi",
    "Meera",
    "Neha",
    "Nikhil",
    "Priya",
    "Rahul",
    "Riya",
    "Siddharth",
    "Sneha",
];
const LAST_NAMES: [&str; 12] = [
    "Gupta", "Iyer", "Joshi", "Khan", "Kulkarni", "Menon", "Nair", "Pillai", "Rao", "Reddy",
    "Shah", "Verma",
];
const LANGUAGES: [&str; 4] = ["en", "hi", "mr", "ta"];
const CITIES: [&str; 6] = ["Mumbai", "Pune", "Bengaluru", "Chennai", "Delhi", "Kochi"];

/// What ordinary users talk about: they open, the bot offers choices, they pick one, the bot answers.
struct Topic {
    opening: &'static str,
    offer: &'static str,
    choices: &'static [&'static str],
    answer: &'static str,
}

const TOPICS: [Topic; 4] = [
    Topic {
        opening: "Hi",
        offer: "Welcome to Kesar Tea House! What would you like to do?",
        choices: &["Browse teas", "Track my order", "Talk to us"],
        answer: "Here are this week's favourites: Assam Masala Chai and Nilgiri Green.",
    },
    Topic {
        opening: "Where is my order?",
        offer: "Happy to check. Is it a recent order?",
        choices: &["Yes, this week", "No, older"],
        answer: "Your latest order left our warehouse and should reach you in two days.",
    },
    Topic {
        opening: "Do you have caffeine-free teas?",
        offer: "We do! Tulsi, chamomile and rooibos. Which one should I show you?",
        choices: &["Tulsi", "Chamomile", "Rooibos"],
        answer: "Good choice. It comes in 100 g tins and in a sampler of three.",
    },
    Topic {
        opening: "What are your store hours?",
        offer: "Our stores are open 9 am to 9 pm. Which city are you in?",
        choices: &["Mumbai", "Pune", "Bengaluru"],
        answer: "The store there is open all week, including Sundays.",
    },
];

/// Everything the bot knows. Handlers only read it; it is replaced whole (a reset, a fixture).
#[derive(Debug)]
pub(super) struct Fixture {
    /// Ordered by last interaction, newest first (the order `/users` lists them in).
    pub users: Vec<SeededUser>,
}

/// One bot user: how `/users` lists them, and what `/transcripts` answers for them.
#[derive(Debug)]
pub(super) struct SeededUser {
    pub channel: ChannelId,
    pub created: DateTime<Utc>,
    pub listing: BotUser,
    pub profile: BotUserProfile,
    /// Oldest first.
    pub messages: Vec<SeededMessage>,
}

/// The parts of a user a seeder decides; [`SeededUser::new`] derives the rest.
pub(super) struct Person {
    pub user_id: String,
    pub bot_user_id: String,
    pub name: String,
    pub channel: ChannelId,
    pub created: DateTime<Utc>,
    pub custom_fields: Map<String, Value>,
    pub tags: Vec<String>,
}

impl Fixture {
    /// The fixture, dated relative to `now`. Times are kept to the millisecond, as the API writes
    /// them, so that a date read from a response and sent back in a window matches exactly.
    pub fn seed(now: DateTime<Utc>) -> Self {
        let now = now.trunc_subsecs(3);
        let mut dice = Dice(SEED);
        let mut users = showcase::users(now);
        for (channel, count) in ORDINARY_USERS {
            for _ in 0..count {
                users.push(ordinary_user(&mut dice, channel.clone(), now));
            }
        }
        Self::from_users(users)
    }

    /// A fixture of `users`, put in the listing's order.
    pub fn from_users(mut users: Vec<SeededUser>) -> Self {
        users.sort_by(|a, b| {
            b.listing
                .last_interacted_date
                .cmp(&a.listing.last_interacted_date)
                .then_with(|| a.listing.user_id.cmp(&b.listing.user_id))
        });
        Self { users }
    }

    /// The user `bot_user_id` of `channel`, if seeded.
    pub fn user(&self, bot_user_id: &str, channel: &ChannelId) -> Option<&SeededUser> {
        self.users.iter().find(|user| {
            user.channel == *channel && user.listing.bot_user_id.as_deref() == Some(bot_user_id)
        })
    }
}

impl SeededUser {
    /// A user whose interaction dates are those of the first and last of `messages`.
    pub fn new(person: Person, messages: Vec<SeededMessage>) -> Self {
        let first = messages
            .first()
            .map_or(person.created, |message| message.at);
        let last = messages.last().map_or(person.created, |message| message.at);
        Self {
            listing: BotUser {
                bot_user_id: Some(person.bot_user_id),
                channel_name: person.channel.label().map(str::to_owned),
                created_date: Some(dates::format(person.created)),
                first_interacted_date: Some(dates::format(first)),
                last_interacted_date: Some(dates::format(last)),
                name: Some(person.name),
                user_id: person.user_id,
                user_name: None,
            },
            profile: BotUserProfile {
                custom_fields: person.custom_fields,
                tags: person.tags,
            },
            channel: person.channel,
            created: person.created,
            messages,
        }
    }
}

fn ordinary_user(dice: &mut Dice, channel: ChannelId, now: DateTime<Utc>) -> SeededUser {
    let user_id = format!("{:016x}{:08x}", dice.next(), dice.next() >> 32);
    let first_name = dice.pick(&FIRST_NAMES);
    let last_name = dice.pick(&LAST_NAMES);
    let (bot_user_id, name) = match channel {
        ChannelId::Whatsapp => (
            format!("+91{}{:09}", 6 + dice.below(4), dice.below(1_000_000_000)),
            format!("{first_name} {last_name}"),
        ),
        ChannelId::Webchat => (
            uuid(dice),
            if dice.below(4) == 0 {
                "Guest".to_owned()
            } else {
                first_name.to_owned()
            },
        ),
        ChannelId::Telegram => (
            format!("{}", 1_000_000_000 + dice.below(6_000_000_000)),
            format!("{first_name} {last_name}"),
        ),
        ChannelId::Facebook => (
            format!(
                "{}",
                1_000_000_000_000_000 + dice.below(9_000_000_000_000_000)
            ),
            format!("{first_name} {last_name}"),
        ),
        // Instagram, the last channel of `ORDINARY_USERS`: a 17-digit scoped id.
        _ => (
            format!(
                "{}",
                10_000_000_000_000_000 + dice.below(9_000_000_000_000_000)
            ),
            format!("{first_name} {last_name}"),
        ),
    };
    let age = YOUNGEST_MS + dice.below_i64(OLDEST_MS - YOUNGEST_MS);
    let created = now - TimeDelta::milliseconds(age);
    let messages = conversations(dice, created, now);
    let mut tags = Vec::new();
    if messages.len() > 4 {
        tags.push("returning-customer".to_owned());
    }
    if dice.below(3) == 0 {
        tags.push("newsletter".to_owned());
    }
    let custom_fields = json!({
        "name": name,
        "city": dice.pick(&CITIES),
        "preferredLanguage": dice.pick(&LANGUAGES),
        "marketingOptIn": dice.below(2) == 0,
    });
    let person = Person {
        user_id,
        bot_user_id,
        name,
        channel,
        created,
        custom_fields: object(custom_fields),
        tags,
    };
    SeededUser::new(person, messages)
}

/// One to three short conversations: the first seconds after `created`, the others later, all at
/// least an hour before `now`.
fn conversations(
    dice: &mut Dice,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<SeededMessage> {
    let mut script = Script::starting(created);
    let sessions = 1 + dice.below(3);
    let room = (now - created - TimeDelta::hours(1))
        .num_milliseconds()
        .max(1);
    let mut starts: Vec<i64> = (1..sessions).map(|_| dice.below_i64(room)).collect();
    starts.sort_unstable();
    let first_wait = 5_000 + dice.below_i64(55_000);
    for (session, start) in std::iter::once(0).chain(starts).enumerate() {
        if session > 0 {
            script.resume_at(created + TimeDelta::milliseconds(start) + TimeDelta::minutes(1));
        }
        let topic = &TOPICS[dice.below(TOPICS.len() as u64) as usize];
        let bot = if dice.below(5) == 0 {
            Sender::AiAgent
        } else {
            Sender::Bot
        };
        let wait = if session == 0 { first_wait } else { 0 };
        script.say(Sender::User, wait, text(topic.opening)).say(
            bot,
            800 + dice.below_i64(1_500),
            text_with_buttons(topic.offer, topic.choices),
        );
        if dice.below(3) > 0 {
            let choice = topic.choices[dice.below(topic.choices.len() as u64) as usize];
            script
                .say(Sender::User, 3_000 + dice.below_i64(30_000), text(choice))
                .say(bot, 700 + dice.below_i64(1_500), bot_text(topic.answer));
        }
    }
    script.finish()
}

/// `value`'s members, for a custom-field map written with `json!`.
pub(super) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A version-4-shaped UUID, as webchat user ids are.
fn uuid(dice: &mut Dice) -> String {
    let (a, b) = (dice.next(), dice.next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// SplitMix64: a tiny deterministic generator, enough to vary the fixture reproducibly.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn below_i64(&mut self, bound: i64) -> i64 {
        i64::try_from(self.below(bound.unsigned_abs())).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}
