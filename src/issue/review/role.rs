//! The roles of the office in the review of an issue: who writes, who proofreads, who
//! decides what goes to the print shop. The desk's accounts each have one.

use serde::{Deserialize, Serialize};

/// What an account is for on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes and arranges the articles (编辑).
    Editor,
    /// Reads the pages for mistakes (校对).
    Proofreader,
    /// Decides what goes to the print shop (主编).
    Chief,
}

impl Role {
    /// Every role, in the order the office ranks them.
    pub const ALL: [Role; 3] = [Role::Editor, Role::Proofreader, Role::Chief];

    /// The role's name in files, on the command line and in the API: `editor`,
    /// `proofreader`, `chief`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Proofreader => "proofreader",
            Role::Chief => "chief",
        }
    }

    /// The role's name in Chinese, for display: 编辑, 校对, 主编.
    pub fn label(self) -> &'static str {
        match self {
            Role::Editor => "编辑",
            Role::Proofreader => "校对",
            Role::Chief => "主编",
        }
    }

    /// The role `name` names, if any.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}
