"""The ground floor: people, communities and membership, mail and notifications."""
