from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import MemberProfile, PersonalDataChangeRequest, Role, User
from portal.core.admin_fields import SAFE_RELATIONS


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks the submitted value up when the form is shown again with
    errors; a value that is no id (sent by hand) made that lookup a server error. Such values are
    left out (the field's own error message still explains them)."""

    def optgroups(self, name, value, attr=None):
        field = self.choices.field

        def is_choice(choice: str) -> bool:
            try:
                field.to_python(choice)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [choice for choice in value if is_choice(choice)], attr)


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["client"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    formfield_overrides = SAFE_RELATIONS
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "must_change_password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        if not change:
            # Whoever receives an account from an administrator sets their own password first.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["member_number", "user", "membership_status", "member_since"]
    search_fields = ["member_number", "user__email", "user__last_name"]
    list_filter = ["membership_status"]


@admin.register(PersonalDataChangeRequest)
class PersonalDataChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "member", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in PersonalDataChangeRequest._meta.fields]

    def has_add_permission(self, request):
        return False
