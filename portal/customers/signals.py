"""How other apps follow clients without customers depending on them (listed in docs/decisions.md).

* ``client_copied(original, copy, member)``: a member changed a client shared with others and got
  their own copy (copy-on-write, ``services.client_save``); sent inside the transaction after the
  member's orders moved to the copy. Invoicing moves the member's unissued invoices along.
"""

from django.dispatch import Signal

client_copied = Signal()
