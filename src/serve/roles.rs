//! Who may join a seminar and as what: the four roles, their passphrases (generated for a
//! game, printed once, kept only as Argon2id hashes) or the public keys allowed for each
//! (`--keys DIR`), and the server's host key, made on first use and kept in the user's data
//! folder so students' `known_hosts` stays valid from one class to the next.

use std::path::{Path, PathBuf};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use rand::RngExt;
use russh::keys::ssh_key::{AuthorizedKeys, LineEnding};
use russh::keys::{Algorithm, PrivateKey, PublicKey};

use crate::sim::map::Side;
use crate::study::record::SeatKey;

/// A seat at the seminar, chosen by the SSH user name (`ssh ru@host`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Ru,
    Ua,
    /// The instructors: the whole truth, pause, resolve, inject, notes, roll back, branch.
    White,
    /// The sides' common knowledge: who holds the ground, the front line, will.
    Observer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Ru, Role::Ua, Role::White, Role::Observer];

    pub fn name(self) -> &'static str {
        match self {
            Role::Ru => "ru",
            Role::Ua => "ua",
            Role::White => "white",
            Role::Observer => "observer",
        }
    }

    /// The role an SSH user name asks for (exactly one of the four names).
    pub fn of_user(user: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == user)
    }

    /// The side whose orders this role gives, if it gives any.
    pub fn side(self) -> Option<Side> {
        match self {
            Role::Ru => Some(Side::Ru),
            Role::Ua => Some(Side::Ua),
            Role::White | Role::Observer => None,
        }
    }
}

/// How a role proves itself: its passphrase's hash, or the public keys allowed for it.
pub enum Credentials {
    Passphrases(Vec<SeatKey>),
    Keys(Vec<(Role, Vec<PublicKey>)>),
}

/// Letters and digits that cannot be misread for one another (no 0/o, 1/l/i).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A fresh passphrase from the operating system's randomness: four groups of four, about
/// 79 bits (`k7pm-x2qa-…`).
pub fn new_passphrase() -> String {
    let mut rng = rand::rng();
    let groups: Vec<String> =
        (0..4).map(|_| (0..4).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()).collect();
    groups.join("-")
}

/// The Argon2id hash of a passphrase with a fresh salt, as a PHC string.
pub fn hash(passphrase: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(passphrase.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("could not hash a passphrase: {e}"))
}

/// Each role's passphrase in the clear (printed once, kept nowhere).
pub type Passphrases = Vec<(Role, String)>;

/// A passphrase for every role and their hashes (the hashes go into the record).
pub fn new_seats() -> Result<(Passphrases, Vec<SeatKey>), String> {
    let mut plain = Vec::new();
    let mut keys = Vec::new();
    for r in Role::ALL {
        let p = new_passphrase();
        keys.push(SeatKey { role: r.name().into(), hash: hash(&p)? });
        plain.push((r, p));
    }
    Ok((plain, keys))
}

impl Credentials {
    /// Whether `passphrase` opens `role`'s seat (false for a role with no seat, a damaged
    /// hash, or key-only seats).
    pub fn passphrase_opens(&self, role: Role, passphrase: &str) -> bool {
        let Credentials::Passphrases(seats) = self else { return false };
        seats.iter().filter(|s| s.role == role.name()).any(|s| match PasswordHash::new(&s.hash) {
            Ok(h) => Argon2::default().verify_password(passphrase.as_bytes(), &h).is_ok(),
            Err(_) => false,
        })
    }

    /// Whether `key` may take `role`'s seat.
    pub fn key_opens(&self, role: Role, key: &PublicKey) -> bool {
        let Credentials::Keys(keys) = self else { return false };
        keys.iter().filter(|(r, _)| *r == role).any(|(_, ks)| ks.iter().any(|k| k.key_data() == key.key_data()))
    }

    /// The public keys of `--keys DIR`: `DIR/ru`, `DIR/ua`, `DIR/white`, `DIR/observer`, each
    /// in authorized_keys format; a missing file leaves that role without a seat. At least
    /// one key must be given.
    pub fn keys_in(dir: &Path) -> Result<Credentials, String> {
        let mut out = Vec::new();
        for r in Role::ALL {
            let path = dir.join(r.name());
            if !path.exists() {
                continue;
            }
            let text =
                crate::data::read_file_of(&path, crate::data::read::Kind::Scenario).map_err(|e| e.to_string())?;
            let keys = AuthorizedKeys::new(&text)
                .map(|e| e.map(|e| e.public_key().clone()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("{}: not in authorized_keys format: {e}", path.display()))?;
            out.push((r, keys));
        }
        if out.iter().all(|(_, k)| k.is_empty()) {
            return Err(format!(
                "{}: no public keys (expected files named ru, ua, white and observer in authorized_keys format)",
                dir.display()
            ));
        }
        Ok(Credentials::Keys(out))
    }
}

/// Where the server's host key is kept: `$ATTRITION_DATA_DIR/host_key` if that is set, else
/// `host_key` in the user's data folder.
pub fn host_key_path() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ATTRITION_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("host_key"));
    }
    directories::ProjectDirs::from("", "", "attrition").map(|d| d.data_dir().join("host_key"))
}

/// The server's host key: read from `path`, or made (Ed25519) and written there, readable
/// only by the user, the first time.
pub fn host_key(path: &Path) -> Result<PrivateKey, String> {
    if path.exists() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return PrivateKey::from_openssh(&text)
            .map_err(|e| format!("{}: not an OpenSSH private key: {e}", path.display()));
    }
    let key =
        PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).map_err(|e| format!("making a host key: {e}"))?;
    let text = key.to_openssh(LineEnding::LF).map_err(|e| format!("writing the host key: {e}"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    {
        // Readable by the user only from the moment it exists.
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    let written = open.open(path).and_then(|mut f| {
        use std::io::Write;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    written.map_err(|e| format!("{}: could not write the host key: {e}", path.display()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_opens_its_seat_only() {
        let (plain, keys) = new_seats().unwrap();
        let c = Credentials::Passphrases(keys);
        let ru = &plain.iter().find(|(r, _)| *r == Role::Ru).unwrap().1;
        assert!(c.passphrase_opens(Role::Ru, ru));
        assert!(!c.passphrase_opens(Role::Ua, ru));
        assert!(!c.passphrase_opens(Role::Ru, "wrong"));
        assert_eq!(ru.len(), 19);
    }
}
