//! Databases for the App's tests: every queue and cache test runs on SQLite and
//! on PostgreSQL. `AIBOM_TEST_POSTGRES` is an admin URL of a running server
//! (`.ci/run` starts one); each test gets a fresh database, dropped afterwards.
//! Without it the PostgreSQL variants print SKIPPED, unless
//! `AIBOM_REQUIRE_POSTGRES=1` (set by CI) makes them fail instead.

use std::sync::atomic::{AtomicUsize, Ordering};

/// A database for one test.
pub struct TestDb {
    /// What `Store::open` takes.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

/// A fresh SQLite file.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    TestDb {
        url: format!("sqlite://{}", dir.path().join("aibom.db").display()),
        _dir: Some(dir),
        postgres: None,
    }
}

/// The postgres client runs its own runtime: keep it off the test's.
/// Each statement runs on its own (`CREATE DATABASE` refuses a transaction).
pub fn admin(url: &str, statements: &[String]) -> Result<(), String> {
    let (url, statements) = (url.to_string(), statements.to_vec());
    std::thread::spawn(move || {
        let mut c =
            postgres::Client::connect(&url, postgres::NoTls).map_err(|e| format!("{e:?}"))?;
        for sql in statements {
            c.batch_execute(&sql).map_err(|e| format!("{sql}: {e:?}"))?;
        }
        Ok(())
    })
    .join()
    .unwrap()
}

/// A fresh PostgreSQL database, or `None` (SKIPPED) when none is configured.
pub fn postgres() -> Option<TestDb> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let Ok(admin_url) = std::env::var("AIBOM_TEST_POSTGRES") else {
        assert!(
            std::env::var("AIBOM_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "AIBOM_REQUIRE_POSTGRES=1 but AIBOM_TEST_POSTGRES is not set"
        );
        eprintln!("SKIPPED: set AIBOM_TEST_POSTGRES=postgres://… to run the PostgreSQL variant");
        return None;
    };
    let name = format!(
        "aibom_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let statements = [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ];
    admin(&admin_url, &statements)
        .unwrap_or_else(|e| panic!("cannot create a test database on AIBOM_TEST_POSTGRES: {e}"));
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("AIBOM_TEST_POSTGRES is postgres://USER:PASSWORD@HOST:PORT/DATABASE");
    Some(TestDb {
        url: format!("{base}/{name}"),
        _dir: None,
        postgres: Some((admin_url, name)),
    })
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.postgres {
            let _ = admin(
                admin_url,
                &[format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")],
            );
        }
    }
}

/// Runs `async fn NAME(url: &str)` as two tests, `NAME::sqlite` and `NAME::postgres`.
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = crate::db::sqlite();
                super::$name(&db.url).await
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(db) = crate::db::postgres() {
                    super::$name(&db.url).await
                }
            }
        }
    )*};
}
