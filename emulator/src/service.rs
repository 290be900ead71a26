//! The generated server trait, implemented by the emulator: each of the
//! 44 operations goes through [`Backend::call`] to its function in `ops`.

use std::sync::Arc;

use sdk_runtime::operation::Operation;
use sdk_runtime::server::HandlerResult;
use wickr_admin_sdk::operation::{Error, ListNetworksError};
use wickr_admin_sdk::server::Service;
use wickr_admin_sdk::{input, output};

use crate::backend::{Backend, Kind};
use crate::ops::{bots, data_retention, guests, networks, security_groups, settings, sso, users};

/// The emulator as a [`Service`].
#[derive(Clone)]
pub(crate) struct Api(pub Arc<Backend>);

macro_rules! operations {
    ($($method:ident($input:ident) -> $output:ident, $error:ty: $kind:ident $function:path;)*) => {
        impl Service for Api {
            $(
                async fn $method(&self, input: input::$input) -> HandlerResult<output::$output, $error> {
                    self.0.call(<input::$input as Operation>::INFO.name, Kind::$kind, input, $function).await
                }
            )*
        }

        /// The name of every operation the emulator implements.
        pub const OPERATIONS: &[&str] = &[$(<input::$input as Operation>::INFO.name),*];
    };
}

operations! {
    batch_create_user(BatchCreateUserRequest) -> BatchCreateUserResponse, Error: Write users::batch_create;
    batch_delete_user(BatchDeleteUserRequest) -> BatchDeleteUserResponse, Error: Write users::batch_delete;
    batch_lookup_user_uname(BatchLookupUserUnameRequest) -> BatchLookupUserUnameResponse, Error: Read users::batch_lookup_uname;
    batch_reinvite_user(BatchReinviteUserRequest) -> BatchReinviteUserResponse, Error: Write users::batch_reinvite;
    batch_reset_devices_for_user(BatchResetDevicesForUserRequest) -> BatchResetDevicesForUserResponse, Error: Write users::batch_reset_devices;
    batch_toggle_user_suspend_status(BatchToggleUserSuspendStatusRequest) -> BatchToggleUserSuspendStatusResponse, Error: Write users::batch_toggle_suspend;
    create_bot(CreateBotRequest) -> CreateBotResponse, Error: Write bots::create;
    create_data_retention_bot(CreateDataRetentionBotRequest) -> CreateDataRetentionBotResponse, Error: Write data_retention::create;
    create_data_retention_bot_challenge(CreateDataRetentionBotChallengeRequest) -> CreateDataRetentionBotChallengeResponse, Error: Write data_retention::create_challenge;
    create_network(CreateNetworkRequest) -> CreateNetworkResponse, Error: Write networks::create;
    create_security_group(CreateSecurityGroupRequest) -> CreateSecurityGroupResponse, Error: Write security_groups::create;
    delete_bot(DeleteBotRequest) -> DeleteBotResponse, Error: Write bots::delete;
    delete_data_retention_bot(DeleteDataRetentionBotRequest) -> DeleteDataRetentionBotResponse, Error: Write data_retention::delete;
    delete_network(DeleteNetworkRequest) -> DeleteNetworkResponse, Error: Write networks::delete;
    delete_security_group(DeleteSecurityGroupRequest) -> DeleteSecurityGroupResponse, Error: Write security_groups::delete;
    get_bot(GetBotRequest) -> GetBotResponse, Error: Read bots::get;
    get_bots_count(GetBotsCountRequest) -> GetBotsCountResponse, Error: Read bots::count;
    get_data_retention_bot(GetDataRetentionBotRequest) -> GetDataRetentionBotResponse, Error: Read data_retention::get;
    get_guest_user_history_count(GetGuestUserHistoryCountRequest) -> GetGuestUserHistoryCountResponse, Error: Read guests::history;
    get_network(GetNetworkRequest) -> GetNetworkResponse, Error: Read networks::get;
    get_network_settings(GetNetworkSettingsRequest) -> GetNetworkSettingsResponse, Error: Read settings::get;
    get_oidc_info(GetOidcInfoRequest) -> GetOidcInfoResponse, Error: Read sso::get_oidc;
    get_opentdf_config(GetOpentdfConfigRequest) -> GetOpentdfConfigResponse, Error: Read sso::get_opentdf;
    get_security_group(GetSecurityGroupRequest) -> GetSecurityGroupResponse, Error: Read security_groups::get;
    get_user(GetUserRequest) -> GetUserResponse, Error: Read users::get;
    get_users_count(GetUsersCountRequest) -> GetUsersCountResponse, Error: Read users::count;
    list_blocked_guest_users(ListBlockedGuestUsersRequest) -> ListBlockedGuestUsersResponse, Error: Read guests::list_blocked;
    list_bots(ListBotsRequest) -> ListBotsResponse, Error: Read bots::list;
    list_devices_for_user(ListDevicesForUserRequest) -> ListDevicesForUserResponse, Error: Read users::list_devices;
    list_guest_users(ListGuestUsersRequest) -> ListGuestUsersResponse, Error: Read guests::list;
    list_networks(ListNetworksRequest) -> ListNetworksResponse, ListNetworksError: Read networks::list;
    list_security_group_users(ListSecurityGroupUsersRequest) -> ListSecurityGroupUsersResponse, Error: Read users::list_in_group;
    list_security_groups(ListSecurityGroupsRequest) -> ListSecurityGroupsResponse, Error: Read security_groups::list;
    list_users(ListUsersRequest) -> ListUsersResponse, Error: Read users::list;
    register_oidc_config(RegisterOidcConfigRequest) -> RegisterOidcConfigResponse, Error: Write sso::register_oidc;
    register_oidc_config_test(RegisterOidcConfigTestRequest) -> RegisterOidcConfigTestResponse, Error: Read sso::test_oidc;
    register_opentdf_config(RegisterOpentdfConfigRequest) -> RegisterOpentdfConfigResponse, Error: Write sso::register_opentdf;
    update_bot(UpdateBotRequest) -> UpdateBotResponse, Error: Write bots::update;
    update_data_retention(UpdateDataRetentionRequest) -> UpdateDataRetentionResponse, Error: Write data_retention::update;
    update_guest_user(UpdateGuestUserRequest) -> UpdateGuestUserResponse, Error: Write guests::update;
    update_network(UpdateNetworkRequest) -> UpdateNetworkResponse, Error: Write networks::update;
    update_network_settings(UpdateNetworkSettingsRequest) -> UpdateNetworkSettingsResponse, Error: Write settings::update;
    update_security_group(UpdateSecurityGroupRequest) -> UpdateSecurityGroupResponse, Error: Write security_groups::update;
    update_user(UpdateUserRequest) -> UpdateUserResponse, Error: Write users::update;
}
