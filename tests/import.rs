//! `goenvhook import` against direnv itself: real-world shaped `.envrc` files are run by the real
//! direnv (`direnv export json`, in the sandbox's HOME/XDG) and imported by goenvhook; the
//! imported config is then loaded through the hook in bash, zsh and fish, and every variable the
//! two change is compared, both ways. Lines goenvhook cannot translate must be listed exactly.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::{install_sdk, Sandbox, Step::*, BIN, SHELLS};

struct Case {
    name: &'static str,
    /// Files of the project (relative to its directory); ".envrc" among them.
    files: &'static [(&'static str, &'static str)],
    /// Variables set outside the project, in the shell and for direnv alike.
    outside: &'static [(&'static str, &'static str)],
    /// `.envrc` lines that must be listed as not imported.
    skipped: &'static [usize],
    /// Variables direnv sets from those lines (goenvhook must leave them alone).
    untranslated: &'static [&'static str],
    /// Run `import --write` and `allow` in these subdirectories (relative) first: parents.
    parents: &'static [&'static str],
    /// The directory (relative to the project) to compare in.
    sub: &'static str,
}

const BASE: Case = Case {
    name: "",
    files: &[],
    outside: &[],
    skipped: &[],
    untranslated: &[],
    parents: &[],
    sub: "",
};

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "corp_proxy",
            files: &[(
                ".envrc",
                r#"# Company module proxy and private modules (see wiki/go-setup)
export GOPROXY="https://athens.corp.example.com,https://proxy.golang.org,direct"
export GOPRIVATE='git.corp.example.com,github.com/acme/*'
export GONOSUMDB=git.corp.example.com
export GOFLAGS="${GOFLAGS} -tags=integration"
export NETRC="$HOME/.netrc-corp"
export GOMODCACHE=~/cache/gomod
export GOINSECURE=
export CGO_ENABLED=0
"#,
            )],
            outside: &[("GOFLAGS", "-mod=mod")],
            // An empty GOINSECURE: Go reads it as unset, goenvhook asks for false or a value.
            skipped: &[8],
            untranslated: &["GOINSECURE"],
            ..BASE
        },
        Case {
            name: "layout_go",
            files: &[(
                ".envrc",
                "layout go\nPATH_add bin\nexport GOBIN=$PWD/bin\n",
            )],
            ..BASE
        },
        Case {
            name: "layout_go_outside_gopath",
            files: &[(".envrc", "# keep the global GOPATH behind the project's\nlayout go\n")],
            outside: &[("GOPATH", "/srv/shared/gopath")],
            ..BASE
        },
        Case {
            name: "path_forms",
            files: &[(
                ".envrc",
                r#"PATH_add bin tools/../scripts
path_add PKG_CONFIG_PATH lib/pkgconfig
export PATH=$PWD/node_modules/.bin:$PATH
export PATH="$PATH:/opt/extra/bin"
path_add PKG_CONFIG_PATH "$PWD/vendor/pc"
export TOOLS_DIR="$(pwd)/tools" GOBIN=$(pwd)/bin
X_ROOT=$PWD/x
export X_ROOT
"#,
            )],
            outside: &[("PKG_CONFIG_PATH", "/usr/lib/pkgconfig")],
            ..BASE
        },
        Case {
            name: "unset",
            files: &[(
                ".envrc",
                "# the CI image sets these; the project must not see them\nunset GOFLAGS GOEXPERIMENT\nunset -v GOTOOLCHAIN\nexport GOTOOLCHAIN=local\n",
            )],
            outside: &[
                ("GOFLAGS", "-mod=vendor"),
                ("GOEXPERIMENT", "rangefunc"),
                ("GOTOOLCHAIN", "auto"),
            ],
            ..BASE
        },
        Case {
            name: "dotenv",
            files: &[
                (".envrc", "export SERVICE=payments\ndotenv\ndotenv config/dev.env\n"),
                (
                    ".env",
                    "# local services\nDATABASE_URL=postgres://localhost:5432/${SERVICE}\nexport REDIS_ADDR='localhost:6379'\nGREETING=\"hello\\nworld $SERVICE\"\nLOG_LEVEL: debug\nEMPTY=\n",
                ),
                (
                    "config/dev.env",
                    "API_URL=http://localhost:8080/${SERVICE:-api}\nDB_DSN=\"$DATABASE_URL?sslmode=disable\"\n",
                ),
            ],
            ..BASE
        },
        Case {
            name: "use_go",
            files: &[(
                ".envrc",
                "export GOFLAGS=-mod=mod\nPATH_add bin\nuse go 1.22.10\n",
            )],
            ..BASE
        },
        Case {
            name: "goroot_export",
            files: &[(
                ".envrc",
                "export GOROOT=$HOME/sdk/go1.22.10\nPATH_add $GOROOT/bin\nexport GOPRIVATE=github.com/acme\n",
            )],
            ..BASE
        },
        Case {
            name: "source_up",
            files: &[
                (
                    ".envrc",
                    "export GOPRIVATE=git.corp.example.com\nPATH_add tools\n",
                ),
                (
                    "svc/.envrc",
                    "source_up\nexport GOFLAGS=-mod=vendor\nPATH_add bin\n",
                ),
            ],
            parents: &[""],
            sub: "svc",
            ..BASE
        },
        Case {
            name: "untranslatable",
            files: &[(
                ".envrc",
                r#"export GOPRIVATE=git.corp.example.com
export VERSION=$(git describe --tags 2>/dev/null || echo dev)
if [ "$(uname)" = Darwin ]; then
  export CGO_ENABLED=1
fi
[ -n "$CI" ] && export DOCKER_BUILDKIT=1
setup() {
  export SETUP_DONE=1
}
setup
export GONOPROXY="git.corp.example.com, github.com/acme"
export RELATIVE='./out'
watch_file go.mod
LOCAL_ONLY=1
export DEPLOY_ENV=staging
"#,
            )],
            skipped: &[2, 3, 6, 7, 10, 11, 12, 13, 14],
            untranslated: &["VERSION", "SETUP_DONE", "GONOPROXY", "RELATIVE"],
            ..BASE
        },
        Case {
            name: "quoting",
            files: &[(
                ".envrc",
                r#"# it's the team's file: quoting as people write it
export A=1 B=2; export C="$A-$B"
MSG='single $quoted `text`'
export MSG
export MULTI="first line
second line"
export LONG=one\
two
export ESCAPES="dollar \$ backtick \` quote \" backslash \\ other \q"
export DEFAULTED=${UNSET_THING:-fallback} KEPT=${HOME:-nohome}
export SPACES="  padded  " TAB=$'\t'
export GOFLAGS="-ldflags=-X=main.version=1.0"
export TEMPLATE='${NAME} costs $$5, not ${PRICE:-free}'
"#,
            )],
            skipped: &[11],
            untranslated: &["SPACES", "TAB"],
            ..BASE
        },
        Case {
            name: "self_reference",
            files: &[(
                ".envrc",
                r#"export GOFLAGS="-mod=mod"
export GOFLAGS="$GOFLAGS -trimpath"
export GOPATH=$HOME/go
path_add GOPATH "$PWD/third_party"
unset GOPATH_EXTRA
export DERIVED="${GOPATH_EXTRA:-none}:${GOFLAGS}"
"#,
            )],
            outside: &[("GOPATH_EXTRA", "/x")],
            ..BASE
        },
    ]
}

/// The environment the shells get: the sandbox's, with the directory of goenvhook first on PATH
/// (as common::run_script sets it), plus the case's outside variables.
fn env_for(sb: &Sandbox, outside: &[(&str, &str)]) -> Vec<(String, String)> {
    let bindir = Path::new(BIN).parent().unwrap().display().to_string();
    let mut env: Vec<(String, String)> = sb
        .base_env()
        .into_iter()
        .map(|(k, v)| {
            let (k, v) = (k.into_string().unwrap(), v.into_string().unwrap());
            if k == "PATH" {
                (k, format!("{bindir}:{v}"))
            } else {
                (k, v)
            }
        })
        .collect();
    env.extend(outside.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    env
}

/// What direnv exports for `dir`, DIRENV_* left out. `None` = unset.
fn direnv_export(
    sb: &Sandbox,
    dir: &Path,
    outside: &[(&str, &str)],
) -> BTreeMap<String, Option<String>> {
    let run = |args: &[&str]| {
        let out = Command::new("direnv")
            .args(args)
            .current_dir(dir)
            .env_clear()
            .envs(env_for(sb, outside))
            .output()
            .expect("direnv runs (scripts/test.sh installs it)");
        assert!(
            out.status.success(),
            "direnv {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&["allow", "."]);
    let json = run(&["export", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json).expect("direnv prints JSON");
    v.as_object()
        .expect("an object")
        .iter()
        .filter(|(k, _)| !k.starts_with("DIRENV_"))
        .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string)))
        .collect()
}

fn parse_env0(bytes: &[u8]) -> BTreeMap<String, String> {
    bytes
        .split(|&b| b == 0)
        .filter(|e| !e.is_empty())
        .filter_map(|e| {
            let s = String::from_utf8_lossy(e);
            s.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
}

/// What entering `dir` through the hook changes in `shell`. `None` = unset.
fn hook_changes(sb: &Sandbox, shell: &str, dir: &Path) -> BTreeMap<String, Option<String>> {
    let before = sb.path(&format!("env-before-{shell}"));
    let after = sb.path(&format!("env-after-{shell}"));
    let r = sb.run(
        shell,
        &[
            Run(&format!("env -0 > '{}'", before.display())),
            CdPath(dir),
            Prompt,
            Run(&format!("env -0 > '{}'", after.display())),
        ],
    );
    assert_eq!(r.status, 0, "{shell}: {}", r.stderr);
    assert!(
        r.stderr.lines().all(|l| l.starts_with("goenvhook: loaded")),
        "{shell}: only the load line on stderr:\n{}",
        r.stderr
    );
    let a = parse_env0(&fs::read(before).unwrap());
    let b = parse_env0(&fs::read(after).unwrap());
    let ignore =
        |k: &str| k.starts_with("GOENVHOOK_") || matches!(k, "PWD" | "OLDPWD" | "_" | "SHLVL");
    let mut out = BTreeMap::new();
    for k in a.keys().chain(b.keys()) {
        if !ignore(k) && a.get(k) != b.get(k) {
            out.insert(k.clone(), b.get(k).cloned());
        }
    }
    out
}

fn import_write(sb: &Sandbox, dir: &Path) -> String {
    let out = sb.goenvhook(&["import", "--write"], dir);
    assert!(
        out.status.success(),
        "import in {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read_to_string(dir.join(".goenv.toml")).unwrap()
}

/// The `.envrc` lines the written config lists as not imported.
fn skipped_lines(config: &str) -> Vec<usize> {
    let mut lines: Vec<usize> = config
        .lines()
        .filter_map(|l| l.strip_prefix("# not imported: .envrc:"))
        .map(|rest| {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            n.parse().unwrap()
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn envrc_files_match_direnv_in_every_shell() {
    for case in cases() {
        let mut sb = Sandbox::new();
        sb.extra_env
            .extend(case.outside.iter().map(|(k, v)| ((*k).into(), (*v).into())));
        if case.name == "use_go" || case.name == "goroot_export" {
            install_sdk("1.22.10", &sb.home.join("sdk/go1.22.10"));
        }
        // A direnvrc as Go developers write it for `use go`: the SDK of that version from ~/sdk.
        sb.write(
            "xdg/config/direnv/direnvrc",
            "use_go() {\n  export GOROOT=$HOME/sdk/go$1\n  PATH_add \"$GOROOT/bin\"\n}\n",
        );
        let proj = sb.path(&format!("src/{}", case.name));
        for (rel, text) in case.files {
            sb.write(&format!("src/{}/{rel}", case.name), text);
        }
        let rel = |sub: &str| {
            Path::new("src")
                .join(case.name)
                .join(sub)
                .join(".goenv.toml")
                .display()
                .to_string()
        };
        for parent in case.parents {
            import_write(&sb, &proj.join(parent));
            sb.allow(&rel(parent));
        }
        let dir = proj.join(case.sub);
        let config = import_write(&sb, &dir);
        assert_eq!(
            skipped_lines(&config),
            case.skipped,
            "{}: lines not imported\n{config}",
            case.name
        );
        sb.allow(&rel(case.sub));
        let mut want = direnv_export(&sb, &dir, case.outside);
        for name in case.untranslated {
            assert!(
                want.remove(*name).is_some(),
                "{}: direnv sets {name} from an untranslated line",
                case.name
            );
        }
        assert!(!want.is_empty(), "{}: direnv changes something", case.name);
        for sh in SHELLS {
            let got = hook_changes(&sb, sh, &dir);
            assert_eq!(
                got, want,
                "{} in {sh}: goenvhook (left) and direnv (right) differ\n{config}",
                case.name
            );
        }
    }
}

#[test]
fn preview_write_and_force() {
    let sb = Sandbox::new();
    let dir = sb.mkdir("p");
    sb.write(
        "p/.envrc",
        "export GOPRIVATE=\"git.corp.example.com, github.com/acme\"\nexport GOPROXY=direct\n",
    );
    sb.write("p/.go-version", "1.22.3\n");
    let out = sb.goenvhook(&["import"], &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !dir.join(".goenv.toml").exists(),
        "a preview writes nothing"
    );
    assert!(stdout.contains("(new file)"), "{stdout}");
    assert!(
        stdout.contains("+ go = \".go-version\"") && stdout.contains("# .go-version:1"),
        "{stdout}"
    );
    assert!(stdout.contains("+ GOPROXY = \"direct\""), "{stdout}");
    // The GOPRIVATE with a space is flagged now, by the same validation as any config.
    assert!(
        stdout
            .contains("# not imported: .envrc:1 `GOPRIVATE`: GOPRIVATE entry \" github.com/acme\""),
        "{stdout}"
    );
    assert!(stderr.contains("1 line(s) not imported"), "{stderr}");
    assert!(stderr.contains("preview only"), "{stderr}");

    let out = sb.goenvhook(&["import", "--write"], &dir);
    assert!(out.status.success());
    let written = fs::read_to_string(dir.join(".goenv.toml")).unwrap();
    fs::write(dir.join(".go-version"), "1.23.2\n").unwrap();
    sb.write("p/.envrc", "export GOPROXY=off\n");
    let out = sb.goenvhook(&["import", "--write"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.join(".goenv.toml")).unwrap(),
        written
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("(changes)")
            && stdout.contains("- GOPROXY = \"direct\"")
            && stdout.contains("+ GOPROXY = \"off\""),
        "{stdout}"
    );
    let out = sb.goenvhook(&["import", "--write", "--force"], &dir);
    assert!(out.status.success());
    assert!(fs::read_to_string(dir.join(".goenv.toml"))
        .unwrap()
        .contains("GOPROXY = \"off\""));

    // One file alone, and a directory with nothing to import.
    let out = sb.goenvhook(
        &["import", dir.join(".go-version").to_str().unwrap()],
        &sb.root,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("  go = \".go-version\"") && !stdout.contains("+ GOPROXY"),
        "{stdout}"
    );
    let empty = sb.mkdir("empty");
    let out = sb.goenvhook(&["import"], &empty);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to import"));
}

#[test]
fn version_manager_files() {
    let sb = Sandbox::new();
    let dir = sb.mkdir("p");
    let import = |files: &[(&str, &str)]| -> String {
        for f in [
            "mise.toml",
            ".mise.toml",
            ".tool-versions",
            ".go-version",
            ".gvmrc",
            ".envrc",
        ] {
            let _ = fs::remove_file(dir.join(f));
        }
        for (f, t) in files {
            fs::write(dir.join(f), t).unwrap();
        }
        let out = sb.goenvhook(&["import"], &dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let out = import(&[(".tool-versions", "nodejs 20.11.0\ngolang 1.22.10\n")]);
    assert!(
        out.contains("+ go = \".tool-versions\"") && out.contains("# .tool-versions:2"),
        "{out}"
    );
    let out = import(&[(".gvmrc", "gvm use go1.21.13 --default\n")]);
    assert!(
        out.contains("+ go = \"1.21.13\"") && out.contains("# .gvmrc:1"),
        "{out}"
    );
    let out = import(&[(
        "mise.toml",
        "[tools]\ngo = \"1.23\"\nnode = \"20\"\n\n[env]\nGOPRIVATE = \"github.com/acme\"\nCGO_ENABLED = 0\nGOEXPERIMENT = false\nTEMPLATED = \"{{env.HOME}}/x\"\n_.path = [\"tools/bin\", \"/opt/bin\"]\n_.file = \".env\"\n",
    )]);
    for want in [
        "+ go = \"1.23\"",
        "# mise.toml:2",
        "+ GOPRIVATE = \"github.com/acme\"",
        "+ CGO_ENABLED = \"0\"",
        "+ GOEXPERIMENT = false",
        "\"./tools/bin\",",
        "\"/opt/bin\",",
        "# not imported: mise.toml:9 `TEMPLATED`",
        "# not imported: mise.toml:11 `_.file`",
    ] {
        assert!(out.contains(want), "{want} in:\n{out}");
    }
    let out = import(&[(".mise.toml", "[tools]\ngo = [\"1.22.10\", \"1.21\"]\n")]);
    assert!(out.contains("+ go = \"1.22.10\""), "{out}");
    // Several sources: the .envrc wins over mise over .tool-versions over .go-version; the
    // others are named.
    let out = import(&[
        (".go-version", "1.21.13\n"),
        (".tool-versions", "golang 1.22.10\n"),
        (".envrc", "use golang 1.23.2\n"),
    ]);
    assert!(out.contains("+ go = \"1.23.2\""), "{out}");
    assert!(
        out.contains("note: go: .tool-versions:1 wins over .go-version:1"),
        "{out}"
    );
    assert!(
        out.contains("note: go: .envrc:1 wins over .tool-versions:1"),
        "{out}"
    );
}
